// Marks a lesson section as read without leaving the page; the plain form works without this.
(function () {
  "use strict";
  // The contents list ticks the section and the "Read 2 of 8 sections" line counts it.
  function counted(slug) {
    var item = document.querySelector('.toc li[data-section="' + slug + '"]');
    var counter = document.querySelector(".js-read-count");
    if (!item || !counter || item.querySelector(".js-read")) { return; }
    var tick = document.createElement("span");
    tick.className = "js-read";
    tick.setAttribute("aria-label", "read");
    tick.textContent = "✓";
    item.appendChild(document.createTextNode(" "));
    item.appendChild(tick);
    var read = document.querySelectorAll(".toc .js-read").length;
    counter.textContent = "Read " + read + " of " + counter.dataset.total + " sections";
  }
  document.querySelectorAll("form.js-mark-read").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var token = form.querySelector("input[name=csrf_token]").value;
      fetch(form.action, {
        method: "POST", credentials: "same-origin",
        headers: {"X-CSRFToken": token, "Accept": "application/json"}
      }).then(function (response) {
        if (!response.ok) { form.submit(); return; }
        var done = document.createElement("p");
        done.className = "read-done";
        done.setAttribute("role", "status");
        done.textContent = "✓ You've read this section.";
        var slug = form.closest(".read-mark").dataset.section;
        form.replaceWith(done);
        counted(slug);
      }).catch(function () { form.submit(); });
    });
  });
})();
