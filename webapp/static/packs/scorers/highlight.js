// highlight: the sentences picked (checkboxes named q.field), as Highlight.score scores them:
// each right pick earns 1/len(answer), each wrong pick takes the same away, never below 0.
// Like the app: all values blank is no answer; a value that is no sentence of the passage
// (q.spans) is refused; a sentence picked twice counts once.
CrossingsScorers.register("highlight", function (q, values) {
  "use strict";
  var picks = values(q.field);
  if (!picks.some(function (p) { return String(p).trim() !== ""; })) { return null; }
  if (!picks.every(function (p) { return q.spans.indexOf(p) >= 0; })) {
    return CrossingsScorers.problem("Select the sentences that support the claim.");
  }
  var unique = picks.filter(function (p, i) { return picks.indexOf(p) === i; });
  var right = unique.filter(function (p) { return q.answer.indexOf(p) >= 0; }).length;
  return CrossingsScorers.answered(Math.max(0, (right - (unique.length - right)) / q.answer.length), unique);
});
