// CREAR CASO, first step: suggest the reason as the seller types in "Cuéntanos qué
// pasó", and on "Sugerir motivo" without reloading the page. The suggestions are the
// same buttons the server draws without JavaScript (templates/cases/wizard/_suggest.html):
// picking one posts the wizard's form. Only cause names come back from the server.
(function () {
  var box = document.querySelector("[data-cause-suggest]");
  if (!box || !window.fetch) return;
  var form = box.closest("form");
  var text = box.querySelector("textarea");
  var button = box.querySelector("[data-cause-suggest-button]");
  var output = box.querySelector("[data-cause-suggestions]");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]");
  var WAIT_MS = 600; // a pause in the typing
  var MIN_CHARS = 12; // "no llegó" says too little to suggest anything
  var timer = null;
  var controller = null;
  var asked = "";

  function element(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content) node.textContent = content;
    return node;
  }

  function show(nodes) {
    output.replaceChildren.apply(output, nodes);
  }

  function draw(suggestions) {
    if (!suggestions.length) {
      show([element("p", "mb-0", box.dataset.empty)]);
      return;
    }
    var title = element("h4", "h6", box.dataset.title);
    title.id = "cause-suggestions-title";
    var list = element("ul", "list-group");
    list.setAttribute("aria-labelledby", title.id);
    suggestions.forEach(function (s) {
      var pick = element("button", "btn btn-link w-100 text-start text-decoration-none p-3");
      pick.type = "submit";
      pick.name = "pick_cause";
      pick.value = String(s.cause_id);
      pick.formNoValidate = true;
      pick.append(
        element("span", "small text-body-secondary", s.record_type + " › " + s.area + " ›"),
        " ",
        element("span", "fw-semibold", s.cause)
      );
      var item = element("li", "list-group-item p-0");
      item.append(pick);
      list.append(item);
    });
    show([title, element("p", "small text-body-secondary mb-2", box.dataset.hint), list]);
  }

  function ask(force) {
    var value = text.value.trim();
    if (!force && (value.length < MIN_CHARS || value === asked)) return;
    asked = value;
    if (controller) controller.abort();
    controller = new AbortController();
    var body = new FormData();
    body.append("texto", value);
    body.append("csrfmiddlewaretoken", token ? token.value : "");
    output.setAttribute("aria-busy", "true");
    fetch(box.dataset.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      signal: controller.signal,
    })
      .then(function (response) {
        var read = response.json().catch(function () {
          return {};
        });
        return read.then(function (data) {
          if (!response.ok || !data.suggestions) throw { detail: data.detail };
          draw(data.suggestions);
        });
      })
      .catch(function (error) {
        if (error && error.name === "AbortError") return;
        asked = "";
        // Our own words only (a network error's message is the browser's, in English).
        var message = (error && error.detail) || box.dataset.failed;
        show([element("p", "mb-0 text-danger", message)]);
      })
      .finally(function () {
        output.removeAttribute("aria-busy");
      });
  }

  text.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, WAIT_MS);
  });
  button.addEventListener("click", function (event) {
    // An empty box goes to the server, which says what is missing in the page itself.
    if (!text.value.trim()) return;
    event.preventDefault();
    clearTimeout(timer);
    ask(true);
  });
})();
