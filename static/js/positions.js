// Places what the server measured in percent (the timeline's bars, scales and today line): data-left, data-width
// and data-grid-width become styles through the CSSOM. The Content-Security-Policy refuses style="" attributes in
// the markup (no 'unsafe-inline'), but not styles a same-origin script sets. The dates stay readable as text without
// JavaScript.
(function () {
  "use strict";
  function place(root) {
    var nodes = root.querySelectorAll("[data-left], [data-width], [data-grid-width]");
    Array.prototype.forEach.call(nodes, function (el) {
      if (el.dataset.left) el.style.left = el.dataset.left + "%";
      if (el.dataset.width) el.style.width = el.dataset.width + "%";
      if (el.dataset.gridWidth) el.style.setProperty("--grid-width", el.dataset.gridWidth + "%");
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { place(document); });
  } else {
    place(document);
  }
  // Filtering swaps the timeline in with htmx.
  document.addEventListener("htmx:load", function (event) { place(event.detail.elt); });
})();
