// true_false: "true" or "false" (any case), right when it is the key (questions/true_false.py).
CrossingsScorers.register("true_false", function (q, values) {
  var pick = CrossingsScorers.first(values, q.field).toLowerCase();
  if (!pick) { return null; }
  if (pick !== "true" && pick !== "false") { return CrossingsScorers.problem("Choose True or False."); }
  return CrossingsScorers.answered(pick === String(q.answer) ? 1 : 0, [pick]);
});
