// Progressive enhancement: show the session warning two minutes before the idle timeout.
// The page already says when the session ends; without JavaScript nothing is lost.
(function () {
  "use strict";
  var notice = document.getElementById("session-notice");
  var warning = document.getElementById("session-warning");
  if (!notice || !warning) { return; }
  // Seconds left as the server counted them, so a wrong clock on the citizen's device does not
  // move the warning.
  var left = parseInt(notice.getAttribute("data-seconds-left"), 10);
  if (isNaN(left)) { return; }
  var ends = Date.now() + left * 1000;
  var wait = ends - Date.now() - 2 * 60 * 1000;
  window.setTimeout(function () { warning.hidden = false; }, Math.max(wait, 0));
  // At the end: say so, and that what is typed is kept if it is sent anyway (core/session.py
  // keeps it and fills it in again after the next login).
  window.setTimeout(function () {
    var ended = warning.getAttribute("data-ended");
    if (ended) { warning.textContent = ended; }
    warning.hidden = false;
  }, Math.max(ends - Date.now(), 0));
})();
