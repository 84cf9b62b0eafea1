// Respuestas rápidas on the agent's case page: picking one fills the reply box with its
// text (already filled for the case by the server, in the option's data-text) and marks
// which reply is used. Without JavaScript, the "Usar" button does the same server-side.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var picker = document.getElementById("id_quick_reply_choice");
  if (!picker) return;
  var form = picker.form;
  var body = form.querySelector("textarea[name=body]");
  var used = form.querySelector("input[name=quick_reply]");
  var note = document.getElementById("quick-reply-action");
  var useButton = document.getElementById("quick-reply-use");
  if (useButton) useButton.hidden = true;
  picker.addEventListener("change", function () {
    var option = picker.options[picker.selectedIndex];
    if (!option || !option.value) {
      used.value = "";
      if (note) note.textContent = "";
      return;
    }
    body.value = option.getAttribute("data-text");
    used.value = option.value;
    if (note) note.textContent = option.getAttribute("data-action") || "";
    body.focus();
  });
});
