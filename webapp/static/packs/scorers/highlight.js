// highlight: the sentences picked (checkboxes named q.field). Each right pick earns
// 1/len(answer), each wrong pick takes the same away, never below 0 (Highlight.score).
CrossingsScorers.register("highlight", function (q, values) {
  "use strict";
  var picks = values(q.field);
  if (!picks.length) { return null; }
  var right = picks.filter(function (p) { return q.answer.indexOf(p) >= 0; }).length;
  return CrossingsScorers.answered(Math.max(0, (right - (picks.length - right)) / q.answer.length), picks);
});
