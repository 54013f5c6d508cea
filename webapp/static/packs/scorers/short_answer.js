// short_answer: right when it matches an accepted answer ignoring case, spaces, punctuation
// and accents (q.accepted is already squashed; questions/short_answer.py).
CrossingsScorers.register("short_answer", function (q, values) {
  var text = CrossingsScorers.first(values, q.field);
  return text ? CrossingsScorers.answered(q.accepted.indexOf(CrossingsScorers.squash(text.slice(0, 500))) >= 0 ? 1 : 0)
    : null;
});
