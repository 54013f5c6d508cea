// Saves each answer the moment it is given, as JSON with the CSRF token.
// Answers that can't be sent (no network, server away) are kept in this browser and sent
// again when the connection comes back; the status line always says what is happening.
// Without this script the page still works: "Save answers" posts the whole form.
(function () {
  "use strict";
  var form = document.getElementById("quiz-form");
  if (!form || !window.fetch) { return; }
  var status = document.getElementById("save-status");
  var token = form.querySelector("input[name=csrf_token]").value;
  var url = form.dataset.saveUrl;
  var total = Number(form.dataset.total);
  var storeKey = "crossings-pending-" + form.dataset.attempt;
  var answered = new Set();
  var sending = false;

  form.querySelectorAll("fieldset[data-question]").forEach(function (fs) {
    if (fs.querySelector(".q-status").textContent.trim()) { answered.add(fs.dataset.question); }
  });

  function pending() {
    try { return JSON.parse(localStorage.getItem(storeKey) || "{}"); } catch (e) { return {}; }
  }
  function setPending(map) {
    try { localStorage.setItem(storeKey, JSON.stringify(map)); } catch (e) { /* private mode: keep in memory only */ }
  }
  function say(text, offline) {
    status.textContent = text;
    status.classList.toggle("is-offline", Boolean(offline));
  }
  function summary() {
    var waiting = Object.keys(pending()).length;
    if (waiting) {
      say("No connection. " + waiting + " answer" + (waiting > 1 ? "s are" : " is") +
          " kept on this device and will be saved when you reconnect. Don't close this page.", true);
    } else {
      say("All answers saved. " + answered.size + " of " + total + " answered.");
    }
  }
  function fieldsOf(fs) {
    var fields = {};
    fs.querySelectorAll("input, select").forEach(function (el) {
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) { return; }
      if (el.value === "") { return; }
      (fields[el.name] = fields[el.name] || []).push(el.value);
    });
    return fields;
  }
  function questionStatus(id, text, isError) {
    var fs = form.querySelector('fieldset[data-question="' + id + '"]');
    var line = fs && fs.querySelector(".q-status");
    if (line) { line.textContent = text; line.classList.toggle("is-error", Boolean(isError)); }
  }

  function flush() {
    if (sending) { return; }
    var queue = pending();
    var ids = Object.keys(queue);
    if (!ids.length) { summary(); return; }
    sending = true;
    var id = ids[0];
    say("Saving…");
    fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": token, "Accept": "application/json"},
      body: JSON.stringify(queue[id])
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        var now = pending();
        if (response.ok || response.status === 422 || response.status === 409 || response.status === 400) {
          if (now[id] && now[id].seq === queue[id].seq) { delete now[id]; setPending(now); }
        }
        if (response.ok) {
          answered.add(id);
          var at = new Date(body.saved_at);
          questionStatus(id, "Saved at " + at.toLocaleTimeString([], {hour: "2-digit", minute: "2-digit"}));
        } else if (response.status === 409) {
          say(body.error || "This quiz was already submitted.");
          if (body.results) { window.location = body.results; }
          throw new Error("closed");
        } else if (response.status === 422 || response.status === 400) {
          questionStatus(id, body.error || "That answer couldn't be saved.", true);
        } else {
          throw new Error("server " + response.status);
        }
      });
    }).then(function () {
      sending = false;
      flush();
    }).catch(function (error) {
      sending = false;
      if (error.message !== "closed") { summary(); setTimeout(flush, 5000); }
    });
  }

  function record(fs) {
    var id = fs.dataset.question;
    var queue = pending();
    queue[id] = {question_id: id, fields: fieldsOf(fs), seq: Date.now()};
    setPending(queue);
    questionStatus(id, "Saving…");
    flush();
  }

  form.querySelectorAll("fieldset[data-question]").forEach(function (fs) {
    fs.addEventListener("change", function () { record(fs); });
  });
  window.addEventListener("online", flush);
  window.addEventListener("offline", summary);
  form.addEventListener("submit", function (event) {
    if (Object.keys(pending()).length) {
      event.preventDefault();
      say("Some answers are still waiting to be saved. Reconnect, then try again.", true);
    }
  });
  flush();
})();
