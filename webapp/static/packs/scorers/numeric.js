// numeric: a number as students type it, within the tolerance (questions/numeric.py): "1,200",
// "4 350", "1200 km" (the question's unit), full-width digits; "4.800" is refused as ambiguous
// unless the question's own numbers go to thousandths.
(function () {
  "use strict";
  var NUMBER = /^[+-]?(\d+|\d{1,3}([, \u00a0\u2009\u202f])\d{3}(\2\d{3})*)(\.\d+)?$/;
  var AMBIGUOUS = /^[+-]?[1-9]\d{0,2}\.\d{3}$/;
  var HINT = "Type a number, like 1200 or 1,200 (use a point for decimals, like 2.5).";

  function withoutUnit(text, unit) {
    var word = String(unit || "").toLowerCase();
    var words = [word, word.replace(/s$/, ""), word === "percent" ? "%" : ""].filter(Boolean);
    words.sort(function (a, b) { return b.length - a.length; });
    for (var i = 0; i < words.length; i += 1) {
      if (text.toLowerCase().slice(-words[i].length) === words[i]) {
        return text.slice(0, text.length - words[i].length).trim();
      }
    }
    return text;
  }

  // The number typed, or a string that says why it is not one.
  function readNumber(q, raw) {
    var text = withoutUnit(raw.replace(/[\uff10-\uff19]/g, function (d) {
      return String.fromCharCode(d.charCodeAt(0) - 0xfee0);
    }), q.unit);
    if (AMBIGUOUS.test(text) && !q.uses_thousandths) {
      var small = String(Number(text)), large = text.replace(".", "");
      return text + " could mean " + small + " or " + large + ": type " + large + ", or " + small + ".";
    }
    if (!NUMBER.test(text)) { return HINT; }
    return Number(text.replace(/[, \u00a0\u2009\u202f]/g, ""));
  }

  CrossingsScorers.register("numeric", function (q, values) {
    var raw = CrossingsScorers.first(values, q.field);
    if (!raw) { return null; }
    var value = readNumber(q, raw);
    if (typeof value === "string") { return CrossingsScorers.problem(value); }
    return CrossingsScorers.answered(Math.abs(value - q.answer) <= (q.tolerance || 0) + 1e-9 ? 1 : 0);
  });
})();
