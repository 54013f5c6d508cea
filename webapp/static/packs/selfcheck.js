// Self-check quizzes for the offline edition: each answer is scored in this browser and
// explained with the evidence. It runs from file:// with no server, so the questions come
// from the page's <script type="application/json" id="selfcheck-data"> block (file://
// forbids fetch()). Nothing is stored or sent. Each question type's scorer is its own file in
// scorers/ (bundled before this one); the parity test checks each against the type's score().
(function () {
  "use strict";
  var dataBlock = document.getElementById("selfcheck-data");
  var form = document.getElementById("selfcheck");
  if (!dataBlock || !form) { return; }
  var questions = {};
  JSON.parse(dataBlock.textContent).forEach(function (q) { questions[q.id] = q; });
  var results = {};
  var scoreLine = document.getElementById("selfcheck-score");

  // values(name) for one fieldset: what the scorers read (scorers/_registry.js).
  function valuesIn(fs) {
    return function (name) {
      return Array.prototype.filter.call(fs.querySelectorAll("input, select, textarea"), function (el) {
        return el.name === name && ((el.type !== "radio" && el.type !== "checkbox") || el.checked);
      }).map(function (el) { return el.value; });
    };
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
    if (result && result.rubric) {  // graded by a teacher: the rubric to check the answer against
      add(box, "p", result.error, "verdict");
      q.rubric.forEach(function (criterion) {
        add(box, "p", criterion.criterion, "rubric-criterion");
        var list = add(box, "ul");
        criterion.levels.forEach(function (level) {
          add(list, "li", level.label + " (" + level.points + "): " + level.description);
        });
      });
      labelled(box, "What a strong answer does:", q.explanation, "explanation");
    } else if (result === null || result.error) {
      add(box, "p", result ? result.error : "Answer the question first, then press Check.", "error-message");
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
      var scorer = CrossingsScorers.get(q.type);
      if (!scorer) { throw new Error("no offline scorer for question type " + q.type); }
      show(q, fs.querySelector(".selfcheck-result"), scorer(q, valuesIn(fs)));
    });
  });
})();
