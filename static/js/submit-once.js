// A second click on a button marked data-submit-once, while its form is on its way,
// does nothing (the server would create nothing twice anyway: each wizard summary has a
// submission key).
document.querySelectorAll("form").forEach(function (form) {
  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (!button || !button.hasAttribute("data-submit-once")) return;
    if (form.dataset.sent) { event.preventDefault(); return; }
    form.dataset.sent = "1";
    button.setAttribute("aria-disabled", "true");
    button.classList.add("disabled");
  });
});
