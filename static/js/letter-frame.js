// Grow the letter's frame to the height of the letter, so the page scrolls as one document.
(function () {
  "use strict";
  function fit(frame) {
    try {
      var doc = frame.contentDocument;
      if (doc && doc.documentElement) {
        frame.style.height = doc.documentElement.scrollHeight + 4 + "px";
      }
    } catch (e) { /* another origin: keep the fixed height */ }
  }
  document.querySelectorAll("iframe.letter-frame:not(.fixed)").forEach(function (frame) {
    frame.addEventListener("load", function () { fit(frame); });
    window.addEventListener("resize", function () { fit(frame); });
    fit(frame);
  });
})();
