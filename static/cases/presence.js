// "Otro agente está viendo este caso": the case page tells the server every few seconds
// that this agent has it open (a small JSON endpoint) and shows who else has, without
// reloading the page.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var banner = document.getElementById("case-presence");
  var token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (!banner || !token || !window.fetch) return;
  var seconds = parseInt(banner.getAttribute("data-seconds"), 10) || 15;

  function beat() {
    fetch(banner.getAttribute("data-url"), {
      method: "POST",
      headers: { "X-CSRFToken": token.value, "X-Requested-With": "fetch" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (!data) return;
        banner.textContent = data.text;
        banner.hidden = !data.text;
      })
      .catch(function () {});
  }

  window.setInterval(beat, seconds * 1000);
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) beat();
  });
});
