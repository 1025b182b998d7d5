// Progressive enhancement: keep "N av högst M tecken" under a text area up to date while typing.
// Without JavaScript the count is the one the server wrote; a text over the limit is never cut:
// the server answers with a message at the field and keeps the text.
(function () {
  "use strict";
  var counts = document.querySelectorAll(".char-count[data-for]");
  Array.prototype.forEach.call(counts, function (count) {
    var field = document.getElementById(count.getAttribute("data-for"));
    var limit = parseInt(count.getAttribute("data-limit"), 10);
    if (!field || isNaN(limit)) { return; }
    var timer = null;
    function update() {
      var left = limit - field.value.length;
      var text = count.getAttribute(left >= 0 ? "data-text-left" : "data-text-over") || "";
      count.textContent = text.replace("{left}", String(left))
        .replace("{over}", String(-left)).replace("{limit}", String(limit));
      count.classList.toggle("char-count-over", left < 0);
    }
    field.addEventListener("input", function () {
      // Announce after a pause, not on every key.
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 400);
    });
  });
})();
