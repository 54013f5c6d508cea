// Self-check quizzes for the offline edition: each answer is scored in this browser and
// explained with the evidence. It runs from file:// with no server, so the questions come
// from the page's <script type="application/json" id="selfcheck-data"> block (file://
// forbids fetch()). Nothing is stored or sent. The scoring follows each question type's
// score() in webapp/content/questions.py.
(function () {
  "use strict";
  var dataBlock = document.getElementById("selfcheck-data");
  var form = document.getElementById("selfcheck");
  if (!dataBlock || !form) { return; }
  var questions = {};
  JSON.parse(dataBlock.textContent).forEach(function (q) { questions[q.id] = q; });
  var results = {};
  var scoreLine = document.getElementById("selfcheck-score");

  function squash(text) {
    return String(text).normalize("NFKD").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
  }
  function checkedValues(fs, name) {
    return Array.prototype.filter.call(fs.querySelectorAll("input"), function (el) {
      return el.name === name && el.checked;
    }).map(function (el) { return el.value; });
  }
  function fieldValue(fs, name) {
    var found = Array.prototype.filter.call(fs.querySelectorAll("input, select, textarea"), function (el) {
      return el.name === name;
    })[0];
    return found ? found.value.trim() : "";
  }
  // The numbers Numeric.normalize accepts (webapp/content/questions.py): "1,200", "4 350",
  // "1200 km" (the question's unit), full-width digits; "4.800" is refused as ambiguous.
  // Returns the number, or a string that says why not.
  var NUMBER = /^[+-]?(\d+|\d{1,3}([, \u00a0\u2009\u202f])\d{3}(\2\d{3})*)(\.\d+)?$/;
  var AMBIGUOUS = /^[+-]?[1-9]\d{0,2}\.\d{3}$/;
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
  function readNumber(q, raw) {
    var text = withoutUnit(raw.replace(/[\uff10-\uff19]/g, function (d) {
      return String.fromCharCode(d.charCodeAt(0) - 0xfee0);
    }), q.unit);
    if (AMBIGUOUS.test(text) && !q.uses_thousandths) {
      var small = String(Number(text)), large = text.replace(".", "");
      return text + " could mean " + small + " or " + large + ": type " + large + ", or " + small + ".";
    }
    if (!NUMBER.test(text)) { return "Type a number, like 1200 or 1,200 (use a point for decimals, like 2.5)."; }
    return Number(text.replace(/[, \u00a0\u2009\u202f]/g, ""));
  }
  function answered(points, chosen) { return {points: points, chosen: chosen || []}; }
  function problem(text) { return {error: text}; }

  // Each returns null (no answer yet), {error} (an answer that can't be scored) or {points, chosen}.
  var scorers = {
    single_choice: function (q, fs) {
      var pick = checkedValues(fs, q.field)[0];
      return pick === undefined ? null : answered(pick === q.answer ? 1 : 0, [pick]);
    },
    true_false: function (q, fs) {
      var pick = checkedValues(fs, q.field)[0];
      return pick === undefined ? null : answered(pick === String(q.answer) ? 1 : 0, [pick]);
    },
    multiple_choice: function (q, fs) {
      var picks = checkedValues(fs, q.field);
      if (!picks.length) { return null; }
      var right = picks.filter(function (p) { return q.answer.indexOf(p) >= 0; }).length;
      var wrong = picks.length - right;
      var points = q.scoring === "partial" ? Math.max(0, (right - wrong) / q.answer.length)
        : (right === q.answer.length && wrong === 0 ? 1 : 0);
      return answered(points, picks);
    },
    ordering: function (q, fs) {
      var positions = q.answer.map(function (id) { return fieldValue(fs, q.field + "-" + id); });
      if (positions.every(function (p) { return p === ""; })) { return null; }
      var sorted = positions.slice().sort(function (a, b) { return a - b; }).join(",");
      var wanted = q.answer.map(function (_, i) { return i + 1; }).join(",");
      if (sorted !== wanted) { return problem("Give each item its own position, from 1 to " + q.answer.length + "."); }
      return answered(positions.every(function (p, i) { return Number(p) === i + 1; }) ? 1 : 0);
    },
    matching: function (q, fs) {
      var ids = Object.keys(q.answer);
      var given = 0, right = 0;
      ids.forEach(function (id) {
        var value = fieldValue(fs, q.field + "-" + id);
        if (value) { given += 1; }
        if (value === q.answer[id]) { right += 1; }
      });
      return given ? answered(right / ids.length) : null;
    },
    numeric: function (q, fs) {
      var raw = fieldValue(fs, q.field);
      if (!raw) { return null; }
      var value = readNumber(q, raw);
      if (typeof value === "string") { return problem(value); }
      return answered(Math.abs(value - q.answer) <= (q.tolerance || 0) + 1e-9 ? 1 : 0);
    },
    short_answer: function (q, fs) {
      var text = fieldValue(fs, q.field);
      return text ? answered(q.accepted.indexOf(squash(text)) >= 0 ? 1 : 0) : null;
    },
    // A teacher grades writing: here the student checks it against the rubric themselves.
    written_response: function (q, fs) {
      var text = fieldValue(fs, q.field);
      return text ? {words: (text.match(/\S+/g) || []).length} : null;
    }
  };

  function selfAssess(q, box, result) {
    add(box, "p", "Your teacher grades this with the rubric. You wrote " + result.words + " words (guidance: " +
        q.words.min + "\u2013" + q.words.max + "). Check your answer against each part:", "verdict");
    q.rubric.forEach(function (criterion) {
      add(box, "p", criterion.criterion, "rubric-criterion");
      var list = add(box, "ul");
      criterion.levels.forEach(function (level) {
        add(list, "li", level.label + " (" + level.points + "): " + level.description);
      });
    });
    labelled(box, "What a strong answer does:", q.explanation, "explanation");
  }

  function add(parent, tag, text, className) {
    var el = document.createElement(tag);
    if (text) { el.textContent = text; }
    if (className) { el.className = className; }
    parent.appendChild(el);
    return el;
  }
  function labelled(parent, label, text, className) {
    var p = add(parent, "p", "", className);
    add(p, "strong", label);
    p.appendChild(document.createTextNode(" " + text));
  }

  function show(q, box, result) {
    box.textContent = "";
    box.className = "selfcheck-result";
    if (result === null || result.error) {
      add(box, "p", result ? result.error : "Answer the question first, then press Check.", "error-message");
    } else if (result.words !== undefined) {
      selfAssess(q, box, result);
    } else {
      var points = result.points;
      box.classList.add(points >= 1 ? "is-right" : (points > 0 ? "is-partial" : "is-wrong"));
      add(box, "p", points >= 1 ? "✓ Correct" : (points > 0 ? "◐ Partly correct (" + Math.round(points * 100) + "%)"
        : "✗ Not correct"), "verdict");
      var feedback = (result.chosen || []).filter(function (c) {
        return q.feedback && q.feedback[c] && !(points >= 1);
      }).map(function (c) { return q.feedback[c]; });
      if (feedback.length) { add(box, "p", feedback.join(" "), "feedback"); }
      if (points < 1) { labelled(box, "Correct answer:", q.answer_text); }
      labelled(box, "Why:", q.explanation, "explanation");
      q.evidence.forEach(function (ev) {
        var figure = add(box, "figure", "", "evidence");
        add(add(figure, "blockquote"), "p", ev.quote);
        add(figure, "figcaption", "— " + ev.cite);
      });
      results[q.id] = points;
      summary();
    }
    box.hidden = false;
    box.focus();
  }

  function summary() {
    var ids = Object.keys(results);
    var total = ids.reduce(function (sum, id) { return sum + results[id]; }, 0);
    scoreLine.textContent = "Checked " + ids.length + " of " + Object.keys(questions).length +
      " questions · score so far: " + (Math.round(total * 10) / 10) + " of " + ids.length + ".";
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.querySelectorAll(".js-check").forEach(function (button) {
    button.addEventListener("click", function () {
      var q = questions[button.dataset.question];
      var fs = button.closest("fieldset");
      var scorer = scorers[q.type];
      show(q, fs.querySelector(".selfcheck-result"), scorer ? scorer(q, fs) : problem("This question can't be checked here."));
    });
  });
})();
