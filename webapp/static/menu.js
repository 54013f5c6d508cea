// On a phone the main menu folds behind a "Menu" button (the CSS decides when).
// Without this script the button stays hidden and the menu shows in full.
(function () {
  "use strict";
  var button = document.querySelector(".nav-toggle");
  var header = document.querySelector(".site-header");
  if (!button || !header) { return; }
  button.hidden = false;
  header.classList.add("has-menu");
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    header.classList.toggle("menu-open", open);
  });
})();
