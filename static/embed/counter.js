/* R2P Letters counter: <script src="https://SITE/static/embed/counter.js" data-letter="SLUG" data-lang="fr" async></script>
   shows "N organizations have signed" as a link to the letter. No cookies are sent or set. */
(function () {
  var script = document.currentScript;
  if (!script || !script.dataset.letter) return;
  var origin = new URL(script.src).origin;
  var link = document.createElement("a");
  link.className = "r2p-counter";
  link.href = origin + "/letters/" + encodeURIComponent(script.dataset.letter) + "/";
  link.target = "_blank";
  link.rel = "noopener";
  script.parentNode.insertBefore(link, script.nextSibling);
  var url = link.href + "embed/count.json" + (script.dataset.lang ? "?lang=" + encodeURIComponent(script.dataset.lang) : "");
  fetch(url, { credentials: "omit" })
    .then(function (answer) { return answer.ok ? answer.json() : Promise.reject(answer.status); })
    .then(function (data) { link.textContent = data.text; link.href = data.url; })
    .catch(function () { link.textContent = link.href; });
})();
