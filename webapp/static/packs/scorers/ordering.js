// ordering: every item its own position from 1 to n; right only in the author's order
// (questions/ordering.py).
CrossingsScorers.register("ordering", function (q, values) {
  var positions = q.answer.map(function (id) {
    var found = values(q.field + "-" + id);
    return found.length ? String(found[0]) : "";
  });
  if (positions.every(function (p) { return p.trim() === ""; })) { return null; }
  var wanted = q.answer.map(function (_, i) { return i + 1; }).join(",");
  var valid = positions.every(function (p) { return /^[0-9]+$/.test(p); }) &&
    positions.map(Number).sort(function (a, b) { return a - b; }).join(",") === wanted;
  if (!valid) { return CrossingsScorers.problem("Give each item its own position, from 1 to " + q.answer.length + "."); }
  return CrossingsScorers.answered(positions.every(function (p, i) { return Number(p) === i + 1; }) ? 1 : 0);
});
