// Follow a background selection: poll its status and reload the page when it has finished.
(function () {
  "use strict";
  var box = document.querySelector("[data-run-status]");
  if (!box) { return; }
  var url = box.getAttribute("data-run-status");
  var bar = document.getElementById("progress");
  var text = document.getElementById("progress-text");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (data.finished) { window.location.reload(); return; }
        var percent = Math.round(data.progress * 100);
        if (bar) { bar.value = percent; bar.textContent = percent + " %"; }
        if (text) { text.textContent = percent + " %"; }
        window.setTimeout(poll, 3000);
      })
      .catch(function () { window.setTimeout(poll, 10000); });
  }
  window.setTimeout(poll, 3000);
})();
