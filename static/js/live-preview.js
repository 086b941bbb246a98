// Live preview: a moment after typing stops, send the form to the preview frame (nothing is saved).
// Without JavaScript, the "Preview without saving" button does the same.
(function () {
  "use strict";
  document.querySelectorAll("form[data-warn-unsaved]").forEach(function (form) {
    var button = form.querySelector("button[data-preview]");
    if (!button || !form.requestSubmit) { return; }
    var timer = null;
    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { form.requestSubmit(button); }, 700);
    });
  });
})();
