// written_response: a teacher grades it with the rubric, so there is no score here. A non-blank
// answer gets its word count against the guidance, and the page shows the rubric to check it
// against (selfcheck.js, from q.rubric); the parity test expects "refused" for it.
CrossingsScorers.register("written_response", function (q, values) {
  var text = CrossingsScorers.first(values, q.field);
  if (!text) { return null; }
  var words = (text.match(/\S+/g) || []).length;
  return {error: "Your teacher grades this with the rubric. You wrote " + words + " words (guidance: " +
    q.words.min + "\u2013" + q.words.max + "). Check your answer against each part:", rubric: true};
});
