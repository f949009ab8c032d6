// Small helpers on top of htmx: show a slider's value next to it (on the 0–100 scale the
// pages use when the slider says `data-scale="100"`).
document.addEventListener("input", function (event) {
  var input = event.target;
  if (input.type === "range" && input.id) {
    var out = document.querySelector('output[for="' + input.id + '"]');
    if (out) {
      var scale = Number(input.dataset.scale || 0);
      out.textContent = scale ? String(Math.round(Number(input.value) * scale)) : Number(input.value).toFixed(2);
    }
  }
});

// Bars and markers take their size from data attributes: the Content-Security-Policy forbids
// inline style attributes, while styles set from this script are allowed.
function applySizes(root) {
  var nodes = Array.prototype.slice.call(root.querySelectorAll("[data-v], [data-width], [data-left]"));
  if (root.matches && root.matches("[data-v], [data-width], [data-left]")) { nodes.push(root); }
  nodes.forEach(function (el) {
    if (el.dataset.v !== undefined) { el.style.setProperty("--v", el.dataset.v); }
    if (el.dataset.width !== undefined) { el.style.width = el.dataset.width + "%"; }
    if (el.dataset.left !== undefined) { el.style.left = el.dataset.left + "%"; }
  });
}
document.addEventListener("DOMContentLoaded", function () { applySizes(document); });
document.addEventListener("htmx:load", function (event) { applySizes(event.detail.elt); });

// «Назад» on the error page: back in history when there is one, else the link's own address.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a[data-back]");
  if (link && window.history.length > 1) {
    event.preventDefault();
    window.history.back();
  }
});

// The review table (issue 18): choosing rows and the keyboard. Without this script the page
// still works: every box, button and link is a plain form control.
(function () {
  function rows() { return Array.prototype.slice.call(document.querySelectorAll("table.review tbody tr[id]")); }
  function boxes() { return Array.prototype.slice.call(document.querySelectorAll('input[name="pick"][form="bulk"]')); }
  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(el.tagName) && el.type !== "checkbox");
  }
  function countPicked() {
    var out = document.getElementById("picked");
    if (!out) { return; }
    var n = boxes().filter(function (b) { return b.checked; }).length;
    var ru = document.documentElement.lang !== "en";
    out.textContent = n ? (ru ? "Выбрано: " : "Selected: ") + n : (ru ? "Выберите строки флажками" : "Choose rows with the boxes");
    var all = document.getElementById("pick-all");
    if (all) { all.checked = n > 0 && n === boxes().length; all.indeterminate = n > 0 && n < boxes().length; }
  }
  function pickAll(on) { boxes().forEach(function (b) { b.checked = on; }); countPicked(); }
  var current = -1;
  function focusRow(i) {
    var list = rows();
    if (!list.length) { return; }
    current = Math.max(0, Math.min(list.length - 1, i));
    list.forEach(function (r) { r.classList.remove("current"); });
    var row = list[current];
    row.classList.add("current");
    var link = row.querySelector("a[data-row-link]");
    if (link) { link.focus(); }
  }
  function currentRow() {
    var active = document.activeElement && document.activeElement.closest ? document.activeElement.closest("table.review tbody tr[id]") : null;
    if (active) { current = rows().indexOf(active); return active; }
    return rows()[current] || null;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var all = document.getElementById("pick-all");
    if (all) { all.hidden = false; all.addEventListener("change", function () { pickAll(all.checked); }); }
    countPicked();
    var bulk = document.getElementById("bulk");
    if (bulk) {
      bulk.addEventListener("submit", function (event) {
        var everything = document.getElementById("pick-everything");
        if (!(everything && everything.checked) && !boxes().some(function (b) { return b.checked; })) {
          event.preventDefault();
          var out = document.getElementById("picked");
          if (out) { out.textContent = document.documentElement.lang !== "en" ? "Сначала выберите строки" : "Choose rows first"; }
        }
      });
    }
  });
  document.addEventListener("change", function (event) {
    if (event.target.name === "pick") { countPicked(); }
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) { window.print(); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    if (!document.querySelector("table.review tbody tr[id]") && event.key !== "/") { return; }
    var key = event.key;
    if (key === "/") {
      var search = document.querySelector("[data-shortcut-target=search]");
      if (search) { event.preventDefault(); search.focus(); search.select(); }
    } else if (key === "j" || key === "k") {
      event.preventDefault();
      var row = currentRow();
      focusRow((row ? rows().indexOf(row) : -1) + (key === "j" ? 1 : -1));
    } else if (key === "x") {
      var r = currentRow();
      var box = r && r.querySelector('input[name="pick"]');
      if (box) { event.preventDefault(); box.checked = !box.checked; countPicked(); }
    } else if (key === "a") {
      event.preventDefault();
      pickAll(!boxes().every(function (b) { return b.checked; }));
    } else if (key === "u") {
      var ur = currentRow();
      var undo = ur && ur.querySelector("button[data-undo]");
      if (undo) { event.preventDefault(); undo.click(); }
    } else if (key === "c" || key === "l" || key === "r" || key === "p") {
      var target = document.querySelector('[data-shortcut="' + key + '"]');
      if (target) { event.preventDefault(); target.click(); }
    }
  });
}());
