// Highlight questions: each sentence of the passage is a toggle button (aria-pressed).
//
// The answer itself lives in the checkboxes beside the passage (one per sentence, named like
// any multi-select's): they are what the form posts, what quiz.js saves and shows back, and
// what the offline self-check scores. This script shows the buttons in their place and keeps
// the two in step: a press ticks or unticks the sentence's checkbox and sends "change" (so
// quiz.js saves it at once); a checkbox set by quiz.js (the answer the server holds, or one
// kept on this device) updates its button on the "fields-shown" event quiz.js sends.
// Without JavaScript the checkboxes, each with its sentence, are the controls.
(function () {
  "use strict";
  function sync(passage) {
    passage.querySelectorAll("button[data-box]").forEach(function (button) {
      var box = document.getElementById(button.dataset.box);
      button.setAttribute("aria-pressed", box && box.checked ? "true" : "false");
    });
  }
  document.querySelectorAll("[data-highlight]").forEach(function (passage) {
    var fieldset = passage.closest("fieldset") || passage.parentNode;
    var boxes = fieldset.querySelector(".span-boxes");
    if (boxes) { boxes.hidden = true; }
    passage.hidden = false;
    sync(passage);
    passage.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-box]");
      var box = button && document.getElementById(button.dataset.box);
      if (!box) { return; }
      box.checked = !box.checked;
      sync(passage);
      box.dispatchEvent(new Event("change", {bubbles: true}));
    });
    fieldset.addEventListener("change", function () { sync(passage); });
    fieldset.addEventListener("fields-shown", function () { sync(passage); });
  });
})();
