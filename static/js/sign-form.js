// The sign form: the boxes that concern only those who sign for an organization hide while "in a personal
// capacity" is chosen. Without JavaScript they stay, and their labels say whom they concern.
(function () {
  "use strict";
  const form = document.querySelector(".sign-form");
  if (!form) return;
  const organizationOnly = ["div_id_authorized", "div_id_show_name"]
    .map(function (id) { return document.getElementById(id); })
    .filter(Boolean);
  function update() {
    const chosen = form.querySelector("input[name='kind']:checked");
    const personal = chosen && chosen.value === "individual";
    organizationOnly.forEach(function (block) { block.hidden = personal; });
  }
  form.addEventListener("change", function (event) {
    if (event.target.name === "kind") update();
  });
  update();
})();
