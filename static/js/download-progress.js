// Long downloads (a letter's PDF, a Council pack of 15 PDFs) show that they are being prepared: the link
// becomes a disabled button with a spinner and its data-preparing text ("Preparing 15 PDFs…") until the file
// arrives, then the browser saves it. Without JavaScript (or fetch), the link downloads as it always did; an
// answer that is not the file (a 422 or 503 page) is opened as the page it is.
(function () {
  "use strict";
  if (!window.fetch || !window.URL || !URL.createObjectURL) { return; }
  var status = document.createElement("div");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  document.body.appendChild(status);

  function filename(response, link) {
    var header = response.headers.get("Content-Disposition") || "";
    var match = /filename="([^"]+)"/.exec(header);
    return match ? match[1] : (link.getAttribute("download") || "");
  }

  function save(blob, name) {
    var url = URL.createObjectURL(blob);
    var anchor = document.createElement("a");
    anchor.href = url;
    anchor.download = name;
    anchor.hidden = true;
    document.body.appendChild(anchor);
    anchor.click();
    anchor.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  function busy(link) {
    var saved = Array.prototype.slice.call(link.childNodes);
    var spinner = document.createElement("span");
    spinner.className = "spinner-border spinner-border-sm me-1";
    spinner.setAttribute("aria-hidden", "true");
    link.replaceChildren(spinner, document.createTextNode(link.getAttribute("data-preparing")));
    link.classList.add("disabled");
    link.setAttribute("aria-disabled", "true");
    link.setAttribute("aria-busy", "true");
    status.textContent = link.getAttribute("data-preparing");
    return function done() {
      link.replaceChildren.apply(link, saved);
      link.classList.remove("disabled");
      link.removeAttribute("aria-disabled");
      link.removeAttribute("aria-busy");
      status.textContent = "";
    };
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-preparing]");
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    if (link.getAttribute("aria-disabled") === "true") { return; }
    var done = busy(link);
    fetch(link.href, { credentials: "same-origin" }).then(function (response) {
      var disposition = response.headers.get("Content-Disposition") || "";
      if (!response.ok || disposition.indexOf("attachment") !== 0) {
        window.location.assign(link.href);
        return null;
      }
      return response.blob().then(function (blob) { save(blob, filename(response, link)); });
    }).catch(function () {
      window.location.assign(link.href);
    }).then(done, done);
  });
})();
