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
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    if (target.tagName === "TEXTAREA" || (target.tagName === "INPUT" && target.type !== "radio")) { return; }
    var key = event.key.toLowerCase();
    var link = document.getElementById(key === "n" ? "next-paper" : key === "p" ? "prev-paper" : "");
    if (link) { event.preventDefault(); window.location.href = link.href; }
  });
})();
