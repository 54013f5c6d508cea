// matching: each left-hand item matched to its own pair earns an equal share; picks that are
// not among the pairs don't count, and an answer of only those is refused (questions/matching.py).
CrossingsScorers.register("matching", function (q, values) {
  var ids = Object.keys(q.answer);
  var given = 0, valid = 0, right = 0;
  ids.forEach(function (id) {
    var value = CrossingsScorers.first(values, q.field + "-" + id);
    if (value) { given += 1; }
    if (ids.indexOf(value) >= 0) { valid += 1; }
    if (value === q.answer[id]) { right += 1; }
  });
  if (!given) { return null; }
  return valid ? CrossingsScorers.answered(right / ids.length) : CrossingsScorers.problem("Pick a match for each item.");
});
