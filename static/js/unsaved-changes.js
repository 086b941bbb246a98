// Warn before leaving a form with unsaved changes (nothing typed is lost by a stray click).
(function () {
  "use strict";
  document.querySelectorAll("form[data-warn-unsaved]").forEach(function (form) {
    var dirty = false;
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("change", function () { dirty = true; });
    form.addEventListener("submit", function (event) {
      // A preview sends the form without saving it: the changes are still unsaved.
      if (!event.submitter || !event.submitter.hasAttribute("data-preview")) { dirty = false; }
    });
    window.addEventListener("beforeunload", function (event) {
      if (dirty) { event.preventDefault(); event.returnValue = ""; }
    });
  });
})();
