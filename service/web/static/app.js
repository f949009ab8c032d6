// Small helpers on top of htmx: show a slider's value next to it.
document.addEventListener("input", function (event) {
  var input = event.target;
  if (input.type === "range" && input.id) {
    var out = document.querySelector('output[for="' + input.id + '"]');
    if (out) { out.textContent = Number(input.value).toFixed(2); }
  }
});
