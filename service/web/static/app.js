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
