// single_choice: right when the one pick is the key; a pick that is not a choice is refused
// (questions/single_choice.py).
CrossingsScorers.register("single_choice", function (q, values) {
  var pick = values(q.field)[0];
  if (pick === undefined || pick.trim() === "") { return null; }
  if (q.choices.indexOf(pick) < 0) { return CrossingsScorers.problem("Choose one of the answers."); }
  return CrossingsScorers.answered(pick === q.answer ? 1 : 0, [pick]);
});
