// Lindung's own script (the Content-Security-Policy allows no inline script or event handler).
// A <select data-autosubmit> submits its form when its value changes: the language switch and filters.
document.addEventListener("change", function (event) {
  var field = event.target;
  if (!field.matches || !field.matches("[data-autosubmit]") || !field.form) return;
  if (field.form.requestSubmit) field.form.requestSubmit();
  else field.form.submit();
});
