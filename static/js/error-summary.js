// A form sent back with errors: take the reader to its summary (read out, in view on a phone), and let each of its
// links put the cursor in the field it names. Without JavaScript the form's action ends with #error-summary.
(function () {
  "use strict";
  const summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  summary.focus();
  summary.scrollIntoView({ block: "start" });
  summary.addEventListener("click", function (event) {
    const link = event.target.closest("a[href^='#']");
    const field = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    event.preventDefault();
    field.focus();
    (field.closest(".mb-3") || field).scrollIntoView({ block: "center" });
  });
})();
