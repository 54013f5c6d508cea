// Preselects the browser's own time zone in a fresh time-zone pick marked data-browser-zone
// (the sign-up form), so a teacher in Los Angeles does not start out in UTC. A form that comes
// back with errors is not marked: the teacher's own pick stays. A browser that names its zone by an
// old alias left out of the list ("Asia/Calcutta") gets it added: the server accepts every IANA name.
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
    if (!known && /^[A-Z][A-Za-z_]+\/[A-Za-z_\/-]+$/.test(zone) && zone.indexOf("Unknown") < 0) {
      select.add(new Option(zone.replace(/_/g, " "), zone));
      known = true;
    }
    if (known) select.value = zone;
  });
})();
