// Preselects the browser's own time zone in a time-zone pick that has not been chosen yet
// (the sign-up form), so a teacher in Los Angeles does not start out in UTC.
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
    if (known && !select.dataset.chosen) select.value = zone;
  });
})();
