// The CAPTCHA of the reset page: fetches a challenge from the server, has
// captcha-worker.js solve it, and puts the solution (ALTCHA's payload: base64 of the JSON
// {algorithm, challenge, number, salt, signature}) into the form's hidden `captcha` field.
// The status line says how it goes; a form sent before the end is held until then. A new
// challenge is solved shortly before the last one expires. Without this script the page
// says that this step needs JavaScript; the server checks the solution either way.
(function () {
  "use strict";
  var box = document.getElementById("captcha");
  if (!box) { return; }
  var field = box.querySelector("input[name=captcha]");
  var form = field.form;
  var status = document.getElementById("captcha-status");
  var progress = document.getElementById("captcha-progress");
  var help = document.getElementById("captcha-help");
  var refresh = Number(box.getAttribute("data-refresh-seconds")) * 1000;
  var solving = false;
  var sendWhenSolved = false;

  function say(text) { status.textContent = text; }

  function fail() {
    solving = false;
    progress.hidden = true;
    say(box.getAttribute("data-failed"));
    if (help) { help.hidden = false; }
  }

  function solved(challenge, number) {
    field.value = btoa(JSON.stringify({
      algorithm: challenge.algorithm,
      challenge: challenge.challenge,
      number: number,
      salt: challenge.salt,
      signature: challenge.signature
    }));
    solving = false;
    progress.value = 1;
    say(box.getAttribute("data-done"));
    if (refresh > 0) { setTimeout(solve, refresh); }
    if (sendWhenSolved) { form.submit(); }
  }

  function solve() {
    if (!window.Worker || !window.crypto || !window.crypto.subtle || !window.fetch) {
      fail();
      return;
    }
    solving = true;
    progress.value = 0;
    progress.hidden = false;
    say(box.getAttribute("data-working"));
    fetch("/api/v1/captcha", { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(); })
      .then(function (challenge) {
        var worker = new Worker("/static/captcha-worker.js");
        worker.onmessage = function (event) {
          if (!event.data.done) {
            progress.value = event.data.progress;
            return;
          }
          worker.terminate();
          if (event.data.number === null) { fail(); } else { solved(challenge, event.data.number); }
        };
        worker.onerror = function () { worker.terminate(); fail(); };
        worker.postMessage({
          salt: challenge.salt,
          challenge: challenge.challenge,
          maxnumber: challenge.maxnumber
        });
      })
      .catch(fail);
  }

  form.addEventListener("submit", function (event) {
    // Without a solution yet, the form waits for it; after a failure the server answers.
    if (field.value === "" && solving) {
      event.preventDefault();
      sendWhenSolved = true;
      say(box.getAttribute("data-waiting"));
    }
  });

  solve();
})();
