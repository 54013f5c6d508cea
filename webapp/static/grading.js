// The grading page: N and P go to the next and previous answer (not while typing), and a
// comment of the bank is added to the comment box with a click. Without this script the
// page still works: the Previous/Next links and the comment box.
(function () {
  "use strict";
  var comment = document.getElementById("comment");
  document.querySelectorAll(".bank-use").forEach(function (button) {
    button.addEventListener("click", function () {
      if (!comment) { return; }
      var text = button.dataset.text;
      comment.value = comment.value.trim() ? comment.value.replace(/\s+$/, "") + "\n" + text : text;
      comment.focus();
    });
  });
  keepDraft(document.getElementById("grade-form"), comment);
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    if (target.tagName === "TEXTAREA" || (target.tagName === "INPUT" && target.type !== "radio")) { return; }
    var key = event.key.toLowerCase();
    var link = document.getElementById(key === "n" ? "next-paper" : key === "p" ? "prev-paper" : "");
    if (link) { event.preventDefault(); window.location.href = link.href; }
  });

  // An unsaved grade (levels and comment) is kept on this device, keyed by the answer, so a
  // session that ends before Save loses nothing: it comes back when the page loads again, and
  // is dropped once the server holds the grade (the redirect after a save names it: ?saved=).
  function keepDraft(form, box) {
    if (!form || !box) { return; }
    var store;
    try { store = window.localStorage; } catch (e) { return; }
    var prefix = "crossings-grade-draft-";
    var key = prefix + form.dataset.paper;
    var saved = new URLSearchParams(window.location.search).get("saved");
    if (saved) {
      store.removeItem(prefix + saved);
      var url = new URL(window.location.href);
      url.searchParams.delete("saved");
      window.history.replaceState(null, "", url.toString());
    }
    var draft = null;
    try { draft = JSON.parse(store.getItem(key) || "null"); } catch (e) { store.removeItem(key); }
    if (draft && typeof draft === "object") {
      Object.keys(draft.levels || {}).forEach(function (name) {
        var radio = form.querySelector('input[type="radio"][name="' + CSS.escape(name) + '"][value="' +
                                       CSS.escape(String(draft.levels[name])) + '"]');
        if (radio) { radio.checked = true; }
      });
      if (typeof draft.comment === "string") { box.value = draft.comment; }
      var note = document.getElementById("draft-note");
      if (note) { note.hidden = false; }
    }
    function remember() {
      var levels = {};
      form.querySelectorAll('input[type="radio"]:checked').forEach(function (radio) {
        levels[radio.name] = radio.value;
      });
      try { store.setItem(key, JSON.stringify({levels: levels, comment: box.value})); } catch (e) { /* full */ }
    }
    form.addEventListener("change", remember);
    form.addEventListener("input", remember);
    form.querySelectorAll(".bank-use").forEach(function (button) { button.addEventListener("click", remember); });
  }
})();
