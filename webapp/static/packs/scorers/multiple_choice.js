// multiple_choice: all or nothing, or (right picks - wrong picks) / right choices, never below 0;
// a pick that is not a choice is refused (questions/multiple_choice.py).
CrossingsScorers.register("multiple_choice", function (q, values) {
  var picks = values(q.field).filter(function (p, i, all) { return all.indexOf(p) === i; });
  if (!picks.some(function (p) { return p.trim() !== ""; })) { return null; }
  if (picks.some(function (p) { return q.choices.indexOf(p) < 0; })) {
    return CrossingsScorers.problem("Choose from the answers given.");
  }
  var right = picks.filter(function (p) { return q.answer.indexOf(p) >= 0; }).length;
  var wrong = picks.length - right;
  var points = q.scoring === "partial" ? Math.max(0, (right - wrong) / q.answer.length)
    : (right === q.answer.length && wrong === 0 ? 1 : 0);
  return CrossingsScorers.answered(points, picks);
});
