// The composer's in-place editor (progressive enhancement over htmx; without JavaScript every form posts and
// the page comes back). Each item saves itself a moment after typing stops (an open letter's only by its Save
// button), a section's answer replaces the section, and what the user typed meanwhile is put back.
(function () {
  "use strict";
  var edit = document.getElementById("composer-edit");
  if (!edit || !window.htmx) { return; }
  var status = document.getElementById("save-status");
  var frame = document.getElementById("letter-preview");
  var DELAY = 900;
  var timers = new WeakMap();
  var failed = null; // the form whose save did not reach the server, to send again
  var pending = 0;
  var lastItem = null; // [section, index] of the item being edited, for the preview
  edit.classList.add("js-composer");
  window.r2pComposerLoaded = (window.r2pComposerLoaded || 0) + 1;

  // -- the saving state -------------------------------------------------------------------------------------
  function say(state) {
    status.dataset.state = state;
    status.textContent = status.dataset[state] || "";
    if (state === "failed") {
      // "Not saved: retry", its last words a button that sends again what did not reach the server.
      var words = status.dataset.failed, colon = words.lastIndexOf(":");
      status.textContent = words.slice(0, colon + 1) + " ";
      var retry = document.createElement("button");
      retry.type = "button";
      retry.className = "btn btn-link btn-sm p-0 align-baseline";
      retry.textContent = words.slice(colon + 1).trim();
      retry.addEventListener("click", function () { if (failed) { save(failed); } });
      status.appendChild(retry);
    }
  }
  function dirtyForms() { return edit.querySelectorAll("form[data-dirty]"); }
  window.addEventListener("beforeunload", function (event) {
    if (dirtyForms().length) { event.preventDefault(); event.returnValue = ""; }
  });

  function save(form) {
    clearTimeout(timers.get(form));
    if (form.isConnected) { htmx.trigger(form, "submit"); }
  }
  function worthSaving(form) {
    // A new item saves once it says something (an empty ask or signatory would only be refused).
    if (form.dataset.row !== "new") { return true; }
    return Array.prototype.some.call(
      form.querySelectorAll("[name=text],[name=organization],[name=person_name]"),
      function (field) { return field.value.trim() !== ""; }
    );
  }
  edit.addEventListener("input", function (event) {
    var form = event.target.closest("form[data-autosave]");
    if (!form) { return; }
    form.dataset.dirty = "";
    say("unsaved");
    if (form.hasAttribute("data-explicit")) { return; }
    clearTimeout(timers.get(form));
    timers.set(form, setTimeout(function () { if (worthSaving(form)) { save(form); } }, DELAY));
  });
  edit.addEventListener("change", function (event) {
    var form = event.target.closest("form[data-autosave]");
    if (form && event.target.matches("select, input[type=checkbox], input[type=radio], input[type=date]")) {
      form.dataset.dirty = "";
      if (!form.hasAttribute("data-explicit") && worthSaving(form)) { save(form); }
    }
  });
  edit.addEventListener("focusout", function (event) {
    var form = event.target.closest("form[data-autosave]");
    if (!form || form.hasAttribute("data-explicit") || !form.hasAttribute("data-dirty")) { return; }
    if (event.relatedTarget && form.contains(event.relatedTarget)) { return; }
    if (worthSaving(form)) { save(form); }
  });

  document.body.addEventListener("htmx:beforeRequest", function (event) {
    pending += 1;
    say("saving");
    var form = event.detail.elt.closest("form");
    if (form) { delete form.dataset.dirty; clearTimeout(timers.get(form)); }
  });
  document.body.addEventListener("htmx:afterRequest", function (event) {
    pending = Math.max(0, pending - 1);
    var xhr = event.detail.xhr, form = event.detail.elt.closest("form");
    if (!xhr || xhr.status === 0 || xhr.status >= 500) {
      failed = form;
      if (form) { form.dataset.dirty = ""; }
      say("failed");
    } else if (xhr.status >= 400) {
      say("unsaved");
    } else if (!pending) {
      say(dirtyForms().length ? "unsaved" : "saved");
    }
  });

  // -- keeping what was typed across a section's replacement ------------------------------------------------
  var kept = null;
  function fieldKey(field) {
    var form = field.closest("form[data-row]");
    if (!form) { return null; }
    if (field.matches("button[data-move]")) { return { row: form.dataset.row, button: field.dataset.move }; }
    return field.name && field.matches("textarea, select, input:not([type=hidden])")
      ? { row: form.dataset.row, name: field.name } : null;
  }
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var section = event.detail.target;
    if (!section.classList || !section.classList.contains("compose-section")) { return; }
    var active = document.activeElement, key = section.contains(active) ? fieldKey(active) : null;
    var values = [];
    section.querySelectorAll("form[data-dirty][data-row]").forEach(function (form) {
      if (form.dataset.row === "new" || form.dataset.row === "fields" || /^\d+$/.test(form.dataset.row)) {
        form.querySelectorAll("input:not([type=hidden]):not([type=checkbox]), textarea, select").forEach(function (f) {
          values.push({ row: form.dataset.row, name: f.name, value: f.value });
        });
      }
    });
    kept = {
      name: section.dataset.section, key: key, values: values,
      value: key ? active.value : null,
      selection: key && "selectionStart" in active ? [active.selectionStart, active.selectionEnd] : null,
    };
  });
  function rowAfter(section, row) {
    // Where a row went: an item inserted from the blank form, or moved, is at the place the answer gives.
    var op = section.dataset.operation, focus = section.dataset.focusIndex;
    if (section.hasAttribute("data-failed")) { return row; }
    if ((op === "insert" && (row === "new" || row === "insert")) || op === "move") { return focus; }
    if (op === "delete" && row !== "fields") { return "undo"; }
    return row;
  }
  // After the settle: htmx gives elements that kept their id their old attributes until then.
  document.body.addEventListener("htmx:afterSettle", function (event) {
    var section = event.detail.target;
    if (!section.classList || !section.classList.contains("compose-section")) { return; }
    section = document.getElementById(section.id) || section;
    prepare(section);
    var state = kept;
    kept = null;
    var ok = !section.hasAttribute("data-failed");
    if (state && state.name === section.dataset.section) {
      var op = section.dataset.operation;
      if (op === "update" || op === "fields" || !ok) {
        state.values.forEach(function (v) {
          if (state.key && v.row === state.key.row && v.name === state.key.name) { return; }
          putBack(section, v.row, v.name, v.value, ok);
        });
      }
      if (state.key && state.key.button) {
        var row = section.querySelector('form[data-row="' + rowAfter(section, state.key.row) + '"]');
        var button = row && (row.querySelector('[data-move="' + state.key.button + '"]') || row.querySelector("[data-move]"));
        if (button) { button.focus(); }
      } else if (state.key) {
        var field = putBack(section, rowAfter(section, state.key.row), state.key.name, state.value, ok);
        if (!field && op === "delete") { field = section.querySelector("[data-undo]"); }
        if (field) {
          open(field);
          field.focus();
          if (state.selection && field.setSelectionRange) {
            try { field.setSelectionRange(state.selection[0], state.selection[1]); } catch (e) { /* not text */ }
          }
        }
      }
    }
    if (ok) { reloadPreview(); }
  });
  function putBack(section, row, name, value, ok) {
    if (row === undefined || row === null || row === "") { return null; }
    var form = section.querySelector('form[data-row="' + row + '"]');
    var field = form && form.querySelector('[name="' + name + '"]');
    if (!field || !field.matches("textarea, select, input:not([type=hidden])")) { return null; }
    if (value !== null && field.value !== value && field.type !== "hidden") {
      field.value = value; // typed while the save travelled: kept, and saved in its turn
      form.dataset.dirty = "";
      if (ok) { field.dispatchEvent(new Event("input", { bubbles: true })); }
    }
    return field;
  }

  // -- editing in place --------------------------------------------------------------------------------------
  function open(element) {
    var item = element.closest(".compose-item");
    if (item) { item.classList.add("editing"); }
  }
  function editItem(view) {
    open(view);
    var field = view.closest("form").querySelector(".item-fields textarea, .item-fields input:not([type=hidden])");
    if (field) { field.focus(); }
  }
  edit.addEventListener("click", function (event) {
    var view = event.target.closest("[data-view]");
    if (view && !event.target.closest("a")) { editItem(view); }
    var insert = event.target.closest("[data-insert-after]");
    if (insert) { insertAfter(insert.closest(".compose-item")); }
  });
  edit.addEventListener("focusin", function (event) {
    var view = event.target.closest("[data-view]");
    if (view) { editItem(view); }
    var item = event.target.closest(".compose-item");
    var section = event.target.closest(".compose-section");
    if (section) {
      lastItem = [section.dataset.section, item && item.dataset.index !== undefined ? +item.dataset.index : null];
      scrollPreview();
    }
  });
  edit.addEventListener("keydown", function (event) {
    var item = event.target.closest(".compose-item[data-index]");
    if (!item || !event.altKey) { return; }
    var button = null;
    if (event.key === "ArrowUp") { button = item.querySelector("[data-move=up]"); }
    if (event.key === "ArrowDown") { button = item.querySelector("[data-move=down]"); }
    if (event.key === "Enter") { event.preventDefault(); insertAfter(item); return; }
    if (button) { event.preventDefault(); button.focus(); button.click(); }
  });

  function insertAfter(item) {
    var section = item.closest(".compose-section");
    var blank = section.querySelector(".compose-new");
    var copy = blank.cloneNode(true);
    var form = copy.querySelector("form");
    var at = +item.dataset.index + 1;
    var url = form.getAttribute("action").replace(/\/items\/\d+\/insert\/$/, "/items/" + at + "/insert/");
    form.setAttribute("action", url);
    form.setAttribute("hx-post", url);
    form.dataset.row = "insert";
    delete form.dataset.dirty;
    copy.querySelectorAll("[id]").forEach(function (el) { el.id = el.id.replace("_new_", "_insert_"); });
    copy.querySelectorAll("label[for]").forEach(function (el) { el.htmlFor = el.htmlFor.replace("_new_", "_insert_"); });
    copy.querySelectorAll("textarea, input:not([type=hidden]):not([name=csrfmiddlewaretoken])").forEach(function (f) {
      if (f.type !== "checkbox") { f.value = ""; }
    });
    copy.querySelectorAll(".invalid-feedback, .alert").forEach(function (el) { el.remove(); });
    section.querySelectorAll(".compose-new[data-inserted]").forEach(function (el) { el.remove(); });
    copy.dataset.inserted = "";
    item.after(copy);
    htmx.process(copy);
    var field = copy.querySelector(".item-fields textarea, .item-fields input:not([type=hidden])");
    if (field) { field.focus(); }
  }

  // -- drag and drop (the buttons and Alt+arrows do the same) ------------------------------------------------
  var dragged = null;
  edit.addEventListener("dragstart", function (event) {
    var handle = event.target.closest && event.target.closest(".drag-handle");
    var item = handle && handle.closest(".compose-item[data-index]");
    if (!item) { return; }
    dragged = item;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.dataset.index);
    item.classList.add("dragging");
  });
  edit.addEventListener("dragend", function () {
    if (dragged) { dragged.classList.remove("dragging"); }
    dragged = null;
  });
  edit.addEventListener("dragover", function (event) {
    var target = event.target.closest && event.target.closest(".compose-item[data-index]");
    if (dragged && target && target.parentNode === dragged.parentNode) { event.preventDefault(); }
  });
  edit.addEventListener("drop", function (event) {
    var target = event.target.closest && event.target.closest(".compose-item[data-index]");
    if (!dragged || !target || target === dragged || target.parentNode !== dragged.parentNode) { return; }
    event.preventDefault();
    move(dragged, +target.dataset.index);
  });
  function move(item, to) {
    var form = item.querySelector("form");
    var url = form.getAttribute("action").replace(/\/update\/$/, "/move/");
    var values = { to: to };
    form.querySelectorAll("input[type=hidden]").forEach(function (f) { values[f.name] = f.value; });
    var checkbox = form.querySelector("input[name=emails_confirmed]");
    if (checkbox && checkbox.checked) { values.emails_confirmed = "on"; }
    htmx.ajax("POST", url, { source: form, target: item.closest(".compose-section"), swap: "outerHTML", values: values });
  }

  // -- the preview: reloaded after a save, scrolled to the item being edited ----------------------------------
  var PARTS = { header: ".title, h1", opening: ".opening", situation: ".situation", asks: ".asks",
    closing: ".closing", footnotes: ".notes", signatories: ".signatories" };
  var ITEMS = { opening: ".opening > *", situation: ".situation > *", asks: ".asks > li", closing: ".closing > *",
    signatories: ".signatory" }; // a footnote is among the notes of citations: its section, unless marked
  function scrollPreview() {
    var doc;
    try { doc = frame.contentDocument; } catch (e) { return; }
    if (!doc || !lastItem) { return; }
    var name = lastItem[0], index = lastItem[1], target = null;
    // Built-in templates mark their items; a house style copied from one may not: then the section.
    if (index !== null) {
      target = doc.querySelector('[data-item="' + name + "-" + index + '"]');
      if (!target && ITEMS[name]) { target = doc.querySelectorAll(ITEMS[name])[index] || null; }
    }
    if (!target && PARTS[name]) { target = doc.querySelector(PARTS[name]); }
    if (target && frame.contentWindow) {
      var top = target.getBoundingClientRect().top + frame.contentWindow.scrollY;
      frame.contentWindow.scrollTo(0, Math.max(0, top - 40));
    }
  }
  function reloadPreview() {
    if (frame && frame.contentWindow) { frame.contentWindow.location.reload(); }
  }
  if (frame) { frame.addEventListener("load", scrollPreview); }

  // -- on a phone: the editor and the preview are two tabs ---------------------------------------------------
  var tabs = document.querySelector(".composer-tabs");
  if (tabs) {
    tabs.hidden = false;
    var buttons = tabs.querySelectorAll("[role=tab]");
    var choose = function (button) {
      buttons.forEach(function (b) {
        var on = b === button;
        b.classList.toggle("active", on);
        b.setAttribute("aria-selected", on ? "true" : "false");
        b.tabIndex = on ? 0 : -1;
        var panel = document.getElementById(b.getAttribute("aria-controls"));
        panel.classList.toggle("tab-hidden", !on);
        panel.setAttribute("role", "tabpanel");
        panel.setAttribute("aria-labelledby", b.id);
      });
      if (button.id === "tab-preview") { scrollPreview(); }
    };
    buttons.forEach(function (b) {
      b.addEventListener("click", function () { choose(b); });
      b.addEventListener("keydown", function (event) {
        if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
          var other = b === buttons[0] ? buttons[1] : buttons[0];
          other.focus();
          choose(other);
        }
      });
    });
    choose(buttons[0]);
  }

  function prepare(root) {
    root.querySelectorAll("[data-insert-after], .drag-handle").forEach(function (el) { el.hidden = false; });
    root.querySelectorAll(".compose-item[data-index] .drag-handle").forEach(function (el) { el.draggable = true; });
    root.querySelectorAll("form[data-failed]").forEach(function (el) { open(el); });
    root.querySelectorAll(".compose-item .is-invalid").forEach(function (el) { open(el); });
  }
  prepare(edit);
})();
