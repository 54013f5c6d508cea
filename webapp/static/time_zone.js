// Preselects the browser's own time zone in a fresh time-zone pick marked data-browser-zone
// (the sign-up form), so a teacher in Los Angeles does not start out in UTC. A form that comes
// back with errors is not marked: the teacher's own pick stays.
(function () {
  "use strict";
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) {
    return;
  }
  if (!zone) return;
  document.querySelectorAll("select[data-browser-zone]").forEach(function (select) {
    var known = Array.prototype.some.call(select.options, function (o) { return o.value === zone; });
    if (known) select.value = zone;
  });
})();
