// Solves one proof-of-work challenge (ALTCHA's form) as a Web Worker, so that the page stays
// responsive: finds the number n from 0 to maxnumber for which SHA-256(salt + n), in hex,
// is the challenge, with the browser's own WebCrypto. Asked with {salt, challenge,
// maxnumber}; answers {progress} now and then, and at the end {done: true, number}, where
// number is null when no number fits.
"use strict";

// Digests asked for at once: WebCrypto answers each with a promise, and waiting for many
// together costs far less than waiting for each in turn.
var BATCH = 500;

function bytesOf(hex) {
  var bytes = new Uint8Array(hex.length / 2);
  for (var i = 0; i < bytes.length; i++) {
    bytes[i] = parseInt(hex.substr(i * 2, 2), 16);
  }
  return bytes;
}

function same(digest, target) {
  var bytes = new Uint8Array(digest);
  if (bytes.length !== target.length) { return false; }
  for (var i = 0; i < bytes.length; i++) {
    if (bytes[i] !== target[i]) { return false; }
  }
  return true;
}

async function solve(salt, challenge, maxnumber) {
  var target = bytesOf(challenge);
  var encoder = new TextEncoder();
  for (var first = 0; first <= maxnumber; first += BATCH) {
    var last = Math.min(first + BATCH - 1, maxnumber);
    var pending = [];
    for (var n = first; n <= last; n++) {
      pending.push(crypto.subtle.digest("SHA-256", encoder.encode(salt + n)));
    }
    var digests = await Promise.all(pending);
    for (var i = 0; i < digests.length; i++) {
      if (same(digests[i], target)) { return first + i; }
    }
    self.postMessage({ progress: last / maxnumber });
  }
  return null;
}

self.onmessage = function (event) {
  var task = event.data;
  solve(task.salt, task.challenge, task.maxnumber).then(
    function (number) { self.postMessage({ done: true, number: number }); },
    function () { self.postMessage({ done: true, number: null }); }
  );
};
