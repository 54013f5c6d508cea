// Written answers: the live word count beside the guidance ("60–250 words") under each textarea
// of the written_response partial (data-words-min, data-words-max, and a line "<id>-count").
// Words are runs of non-space, as the server counts them. Guidance only: any length is saved.
// Used by the app's quiz page and the offline edition; it counts as the student types, and again
// on the "fields-shown" event quiz.js sends when it puts a saved answer back in the box.
(function () {
  "use strict";
  function count(area) {
    var line = document.getElementById(area.id + "-count");
    if (!line) { return; }
    var words = (area.value.match(/\S+/g) || []).length;
    var low = Number(area.dataset.wordsMin), high = Number(area.dataset.wordsMax);
    var where = words < low ? " (aim for at least " + low + ")" : words > high ? " (more than the " + high + " asked for)" : "";
    line.textContent = words + (words === 1 ? " word" : " words") + where + " · guidance: " + low + "\u2013" + high + " words";
  }
  document.querySelectorAll("textarea[data-words-min]").forEach(function (area) {
    var fieldset = area.closest("fieldset") || area.parentNode;
    count(area);
    area.addEventListener("input", function () { count(area); });
    fieldset.addEventListener("fields-shown", function () { count(area); });
  });
})();
