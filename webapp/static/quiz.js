// Saves each answer the moment it is given, as JSON with the CSRF token.
//
// The promise: the page says "Saved" only for an answer the server says it holds. Every other
// outcome keeps the answer on this device (localStorage) and says why, or shows the answer the
// server does hold:
//   200 JSON            saved (or, for an emptied answer, "cleared"); the form then shows the
//                       fields the server holds (its "fields")
//   409 "stale"         a newer answer is stored (another tab or device): the page shows it
//   409 "closed"        the quiz was submitted elsewhere: nothing more can be saved
//   401, a redirect, a non-JSON body, 400 "csrf"
//                       signed out: kept, and sent after the student signs in again
//   403, 404            this account can't answer this quiz now: kept, and the page says so
//   400, 413, 422       the answer itself can't be taken: the question says why
//   429, 5xx, no network kept, and tried again later (waiting longer each time)
// Sequence numbers come from a counter for this attempt, never the device's clock.
// An answer whose fields are all empty is sent too: the server takes it back (no answer).
// A question whose input partial marks its fields [data-all-or-none] (an ordering) is sent only
// once every one of them is filled (or none is); while it is partly done, the stored answer (if
// any) stays, and the question (in the words of the partial's data-waiting and data-waiting-kept)
// and the bar both say so.
// A chosen radio can't be unticked by hand: its "Clear answer" button sends an empty answer.
// When the page comes back into view with nothing waiting to be sent, it reads what the server
// holds (answers given on another device) and shows it, except in the field the student is in
// and in questions with changes not sent yet.
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
  var seqKey = "crossings-seq-" + form.dataset.attempt;
  var answered = new Set();
  var rejected = new Set();   // questions whose last answer the server refused (400, 413, 422)
  var placing = new Set();    // all-or-none questions partly done: not sent until every field is filled
  var sending = false;
  var stopped = null;     // "signin", "blocked" or "closed": sending waits for a reload
  var failures = 0;
  var timer = null;
  var memory = {};        // when localStorage is not available (private mode)
  var DEVICE = "Saved on this device, will send when online";

  form.querySelectorAll("fieldset[data-question]").forEach(function (fs) {
    if (fs.querySelector(".q-status").textContent.trim()) { answered.add(fs.dataset.question); }
  });

  function load(key, fallback) {
    try { return JSON.parse(localStorage.getItem(key) || "null") || fallback; } catch (e) { return memory[key] || fallback; }
  }
  function store(key, value) {
    memory[key] = value;
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* kept in memory only */ }
  }
  function pending() { return load(storeKey, {}); }
  function setPending(map) { store(storeKey, map); }
  function forget(id, seq) {
    var now = pending();
    if (now[id] && now[id].seq === seq) { delete now[id]; setPending(now); }
  }
  function nextSeq(atLeast) {
    var seq = Math.max(Number(form.dataset.seq) || 0, load(seqKey, 0), atLeast || 0) + 1;
    store(seqKey, seq);
    return seq;
  }

  // "more" is detail that a phone's one-line bar leaves out (CSS hides .status-more there).
  function say(text, kind, link, more) {
    status.textContent = text;
    if (more) {
      var span = document.createElement("span");
      span.className = "status-more";
      span.textContent = more;
      status.appendChild(span);
    }
    if (link) {
      var a = document.createElement("a");
      a.href = link.href;
      a.textContent = link.text;
      status.appendChild(document.createTextNode(" "));
      status.appendChild(a);
    }
    status.classList.toggle("is-offline", Boolean(kind) && kind !== "empty");
    status.dataset.state = kind || "saved";
  }
  function kept() {
    var waiting = Object.keys(pending()).length;
    return waiting + " answer" + (waiting === 1 ? " is" : "s are") + " kept on this device";
  }
  function summary() {
    if (stopped === "signin") {
      say("You have been signed out, so answers are not being saved. " + kept() + ".", "signin",
          {href: window.location.href, text: "Sign in again to save them."});
    } else if (stopped === "blocked") {
      say("This quiz can't take answers from this account now. " + kept() +
          ". Ask your teacher, or sign in as yourself.", "blocked");
    } else if (Object.keys(pending()).length) {
      say(navigator.onLine === false ? "Offline: " + kept() : "Not saved yet: " + kept(), "waiting", null,
          navigator.onLine === false ? ", and sent when you are back online." : ", and sent again shortly.");
    } else if (rejected.size) {
      say(rejected.size + " answer" + (rejected.size === 1 ? "" : "s") + " could not be saved: see the " +
          "question" + (rejected.size === 1 ? "" : "s") + " marked \u201cnot saved\u201d.", "rejected");
    } else if (placing.size) {
      var keptOrder = Array.from(placing).some(function (id) { return answered.has(id); });
      say(keptOrder ? "The order you changed is not saved: your saved order is kept until every item has a place."
          : "An ordering is not saved yet: it is saved when every item has a place.", "placing", null,
          " " + answered.size + " of " + total + " answered.");
    } else if (answered.size) {
      say("All answers saved · " + answered.size + " of " + total + " answered");
    } else {
      say("0 of " + total + " answered", "empty", null, ". Each answer is saved as soon as you give it.");
    }
  }
  function questionStatus(id, text, isError) {
    var fs = form.querySelector('fieldset[data-question="' + id + '"]');
    var line = fs && fs.querySelector(".q-status");
    if (line) { line.textContent = text; line.classList.toggle("is-error", Boolean(isError)); }
  }
  // The device's own clock, with its zone named ("Saved at 9:05 AM EST"): due dates are in the class's zone.
  function savedAt(value) {
    var at = new Date(value);
    return isNaN(at.getTime()) ? "Saved" :
      "Saved at " + at.toLocaleTimeString([], {hour: "numeric", minute: "2-digit", timeZoneName: "short"});
  }

  function fieldsOf(fs) {
    var fields = {};
    fs.querySelectorAll("input, select, textarea").forEach(function (el) {
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) { return; }
      if (el.value === "") { return; }
      (fields[el.name] = fields[el.name] || []).push(el.value);
    });
    return fields;
  }
  function showFields(id, fields) {
    var fs = form.querySelector('fieldset[data-question="' + id + '"]');
    if (!fs) { return; }
    fs.querySelectorAll("input, select, textarea").forEach(function (el) {
      var values = fields[el.name] || [];
      if (el === document.activeElement && typing(el)) { return; }  // the student is typing
      if (el.type === "radio" || el.type === "checkbox") { el.checked = values.indexOf(el.value) !== -1; }
      else if (el.type !== "hidden") { el.value = values.length ? values[0] : ""; }
    });
    showClear(fs);
    fs.dispatchEvent(new Event("fields-shown"));  // what other scripts draw from the fields follows (highlight.js, word_count.js)
  }
  function typing(el) { return el.type === "text" || el.tagName === "TEXTAREA"; }
  function showClear(fs) {
    var button = fs.querySelector(".clear-answer");
    if (button) { button.hidden = !fs.querySelector("input:checked"); }
  }

  // What a response means for the answer that was sent (see the table at the top).
  function outcome(response, body) {
    var code = response.status;
    if (response.type === "opaqueredirect" || (code >= 300 && code < 400)) { return "signin"; }
    if (code === 200) { return body && body.question_id ? "saved" : "signin"; }
    if (code === 401 || (code === 400 && body && body.reason === "csrf")) { return "signin"; }
    if (code === 409) { return body && body.reason === "stale" ? "stale" : "closed"; }
    if (code === 403 || code === 404) { return "blocked"; }
    if (code === 400 || code === 413 || code === 422) { return "rejected"; }
    return "retry";
  }

  function handle(kind, id, sent, body, response) {
    if (kind === "saved") {
      forget(id, sent.seq);
      rejected.delete(id);
      if (body.cleared) { answered.delete(id); } else { answered.add(id); }
      if (!pending()[id] && body.fields) { showFields(id, body.fields); }
      questionStatus(id, body.cleared ? "No answer saved." : savedAt(body.saved_at));
      failures = 0;
      return true;
    }
    if (kind === "stale") {
      forget(id, sent.seq);
      rejected.delete(id);
      nextSeq(body.seq);
      if (!pending()[id]) { showFields(id, body.fields || {}); }
      answered.add(id);
      questionStatus(id, "A newer answer was saved from another tab or device; it is shown here.");
      return true;
    }
    if (kind === "rejected") {
      forget(id, sent.seq);
      rejected.add(id);
      questionStatus(id, "Not saved: " + ((body && body.error) || "that answer couldn't be taken."), true);
      return true;
    }
    if (kind === "closed") {
      var lost = Object.keys(pending()).length;
      setPending({});
      stopped = "closed";
      say("This quiz was already submitted, so " + (lost === 1 ? "this answer was" : "these " + lost +
          " answers were") + " not saved.", "closed",
          body && body.results ? {href: body.results, text: "See your results."} : null);
      return false;
    }
    if (kind === "signin" || kind === "blocked") {
      questionStatus(id, "Not saved yet.", true);
      stopped = kind;
      summary();
      return false;
    }
    waiting(id);
    failures += 1;
    var wait = Number(response && response.headers.get("Retry-After")) * 1000 ||
               Math.min(60000, 5000 * Math.pow(2, failures - 1));
    summary();
    clearTimeout(timer);
    timer = setTimeout(flush, wait);
    return false;
  }

  function flush() {
    if (sending || stopped) { return; }
    var queue = pending();
    var ids = Object.keys(queue);
    if (!ids.length) { summary(); return; }
    sending = true;
    var id = ids[0];
    var sent = queue[id];
    say("Saving…", "saving");
    fetch(url, {
      method: "POST", credentials: "same-origin", redirect: "manual",
      headers: {"Content-Type": "application/json", "X-CSRFToken": token, "Accept": "application/json"},
      body: JSON.stringify(sent)
    }).then(function (response) {
      var isJson = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      return (isJson ? response.json() : Promise.reject(new Error("not json"))).catch(function () {
        return null;
      }).then(function (body) {
        sending = false;
        var kind = outcome(response, body);
        if (handle(kind, id, sent, body, response)) { flush(); }
      });
    }).catch(function () {
      sending = false;
      handle("retry", id, sent, null, null);
    });
  }

  // A question's line while its answer waits to be sent.
  function waiting(id) {
    if (navigator.onLine === false) { questionStatus(id, DEVICE); } else { questionStatus(id, "Not saved yet.", true); }
  }

  // An all-or-none question with some fields filled and some not: still being worked on, not an error.
  function partlyDone(fs) {
    var group = fs.querySelector("[data-all-or-none]");
    if (!group) { return null; }
    var fields = Array.prototype.slice.call(group.querySelectorAll("select, input"));
    var filled = fields.filter(function (el) { return el.value !== ""; }).length;
    return filled > 0 && filled < fields.length ? group : null;
  }

  function record(fs) {
    var id = fs.dataset.question;
    var group = partlyDone(fs);
    if (group) {
      placing.add(id);
      questionStatus(id, answered.has(id) ? group.dataset.waitingKept : group.dataset.waiting);
      summary();
      return;
    }
    placing.delete(id);
    var queue = pending();
    queue[id] = {question_id: id, fields: fieldsOf(fs), seq: nextSeq()};
    setPending(queue);
    if (stopped) { questionStatus(id, "Not saved yet.", true); summary(); }
    else if (navigator.onLine === false) { questionStatus(id, DEVICE); summary(); }
    else { questionStatus(id, "Saving…"); }
    flush();
  }

  form.querySelectorAll("fieldset[data-question]").forEach(function (fs) {
    fs.addEventListener("change", function (event) {
      if (event.target.tagName === "TEXTAREA") { return; }  // saved by its own pause (below)
      record(fs);
      showClear(fs);
    });
    // A written answer is saved a moment after the student stops typing, or at once when they
    // leave the box before that; leaving it with nothing new typed sends nothing (so "Review and
    // submit" is not held up by a save of what the server already holds).
    fs.querySelectorAll("textarea").forEach(function (area) {
      var pause = null;
      area.addEventListener("input", function () {
        clearTimeout(pause);
        pause = setTimeout(function () { pause = null; record(fs); }, 1500);
      });
      area.addEventListener("change", function () {
        if (pause === null) { return; }
        clearTimeout(pause);
        pause = null;
        record(fs);
      });
    });
    var clear = fs.querySelector(".clear-answer");
    if (!clear) { return; }
    showClear(fs);
    clear.addEventListener("click", function () {
      fs.querySelectorAll("input:checked").forEach(function (el) { el.checked = false; });
      fs.querySelector("input").focus();  // the button hides: keep the student's place
      record(fs);
      showClear(fs);
    });
  });
  window.addEventListener("online", function () { failures = 0; clearTimeout(timer); flush(); });
  window.addEventListener("offline", summary);
  form.addEventListener("submit", function (event) {
    if (Object.keys(pending()).length) {
      event.preventDefault();
      say("Some answers are not saved yet, so the quiz can't be sent. " + kept() + ".", "waiting");
    }
  });
  // The same answer, whatever the order of its fields and values.
  function sameFields(a, b) {
    function key(fields) {
      return JSON.stringify(Object.keys(fields).sort().map(function (name) { return [name, fields[name].slice().sort()]; }));
    }
    return key(a || {}) === key(b || {});
  }
  function showHeld(held) {
    form.querySelectorAll("fieldset[data-question]").forEach(function (fs) {
      var id = fs.dataset.question;
      var answer = held[id];
      var busy = fs.contains(document.activeElement) && typing(document.activeElement);
      if (busy || pending()[id] || placing.has(id) || rejected.has(id) ||
          sameFields(fieldsOf(fs), answer && answer.fields)) { return; }
      if (answer) { nextSeq(answer.seq); }
      showFields(id, answer ? answer.fields : {});
      if (answer) { answered.add(id); } else { answered.delete(id); }
      questionStatus(id, answer ? savedAt(answer.saved_at) : "No answer saved.");
    });
    summary();
  }
  var refreshing = false;
  function refresh() {
    if (document.visibilityState === "hidden" || refreshing || sending || stopped ||
        Object.keys(pending()).length) { return; }
    refreshing = true;
    fetch(form.dataset.answersUrl, {credentials: "same-origin", redirect: "manual", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.status === 200 ? response.json() : null; })
      .then(function (body) {
        refreshing = false;
        if (!body || !body.answers || sending || Object.keys(pending()).length) { return; }
        if (body.submitted) { window.location.reload(); return; }  // the page becomes the results
        showHeld(body.answers);
      })
      .catch(function () { refreshing = false; });
  }
  document.addEventListener("visibilitychange", refresh);
  window.addEventListener("focus", refresh);

  // Answers kept from an earlier visit: the form shows them until the server says what it holds.
  Object.keys(pending()).forEach(function (id) { showFields(id, pending()[id].fields); waiting(id); });
  flush();
})();
