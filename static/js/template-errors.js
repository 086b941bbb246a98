// Template editor: when the preview frame shows the template's error, say it beside the HTML too (with its
// line, which a button selects in the field), so the author need not read it in the small frame.
(function () {
  "use strict";
  var frame = document.querySelector("iframe[name=letter-preview]");
  var panel = document.getElementById("template-error");
  var field = document.getElementById("id_html");
  if (!frame || !panel || !field) { return; }
  var message = panel.querySelector("[data-message]");
  var button = panel.querySelector("button");
  var line = 0;

  function selectLine(number) {
    var lines = field.value.split("\n");
    var start = 0;
    for (var i = 0; i < number - 1 && i < lines.length; i++) { start += lines[i].length + 1; }
    field.focus();
    field.setSelectionRange(start, start + (lines[number - 1] || "").length);
    // Scroll the field so the selected line is in view.
    var height = field.scrollHeight / Math.max(lines.length, 1);
    field.scrollTop = Math.max(0, (number - 3) * height);
  }

  frame.addEventListener("load", function () {
    var error = null;
    try { error = frame.contentDocument && frame.contentDocument.querySelector("[data-template-error]"); } catch (e) { error = null; }
    if (!error) {
      panel.hidden = true;
      field.removeAttribute("aria-invalid");
      return;
    }
    message.textContent = error.getAttribute("data-template-error");
    line = parseInt(error.getAttribute("data-line"), 10) || 0;
    button.hidden = !line;
    panel.hidden = false;
    field.setAttribute("aria-invalid", "true");
  });
  button.addEventListener("click", function () { if (line) { selectLine(line); } });
})();
