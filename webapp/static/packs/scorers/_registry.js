// The offline self-check's scorers: one file per question type (scorers/<type_name>.js), each
// registering itself here. The offline edition bundles this file, every registered type's
// scorer and selfcheck.js into one script (packs/html_bundle.py); the parity test runs the
// same files in node against each type's score() in webapp/content/questions/.
//
// A scorer is function (q, values): q is the question's self-check data (selfcheck_data), and
// values(name) the form's values for one field name as a list of strings (checked boxes and
// radios, the chosen option, the text typed), like the server's getlist. It returns null (no
// answer yet), {error: "why"} (an answer that can't be scored) or {points: 0..1, chosen: [ids
// whose feedback to show]}.
var CrossingsScorers = (function () {
  "use strict";
  var scorers = {};
  return {
    register: function (type, scorer) { scorers[type] = scorer; },
    get: function (type) { return Object.prototype.hasOwnProperty.call(scorers, type) ? scorers[type] : null; },
    types: function () { return Object.keys(scorers); },
    // Text compared ignoring case, spaces, punctuation and accents (questions/base.py squash).
    squash: function (text) {
      return String(text).normalize("NFKD").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
    },
    // The first value of a one-field question, trimmed ("" when there is none).
    first: function (values, name) {
      var found = values(name);
      return found.length ? String(found[0]).trim() : "";
    },
    answered: function (points, chosen) { return {points: points, chosen: chosen || []}; },
    problem: function (text) { return {error: text}; }
  };
})();
