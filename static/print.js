// The print button of the registrations sheet (no inline script: the pages' policy forbids it).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
