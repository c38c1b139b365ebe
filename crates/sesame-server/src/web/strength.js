// Shows the strength of a new password as it is typed, from the server's own check.
// The page works without this script; the same rules are checked on submit.
(function () {
  "use strict";
  var input = document.getElementById("new_password");
  var output = document.getElementById("password-strength");
  if (!input || !output) { return; }
  var form = input.form;
  var labels = (output.getAttribute("data-labels") || "").split("|");
  var timer = null;
  var latest = 0;
  function show(result) {
    output.textContent = "";
    var level = document.createElement("span");
    level.className = "strength strength-" + result.score;
    level.textContent = labels[result.score] || String(result.score);
    output.appendChild(level);
    if (result.problems.length > 0) {
      var list = document.createElement("ul");
      result.problems.forEach(function (problem) {
        var item = document.createElement("li");
        item.textContent = problem;
        list.appendChild(item);
      });
      output.appendChild(list);
    }
  }
  function check() {
    var ticket = ++latest;
    if (input.value === "") { output.textContent = ""; return; }
    var body = new URLSearchParams();
    body.set("csrf", form.elements.csrf.value);
    body.set("password", input.value);
    fetch(output.getAttribute("data-url") || "/reset/strength", { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (result) { if (result && ticket === latest) { show(result); } })
      .catch(function () {});
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(check, 250);
  });
})();
