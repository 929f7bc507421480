// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    // Move focus to the error summary so screen-reader and keyboard users hear what to fix.
    var summary = document.querySelector("[data-autofocus]");
    if (summary) { summary.focus(); }
    // Ask before destructive actions.
    document.querySelectorAll("[data-confirm]").forEach(function (button) {
      button.addEventListener("click", function (event) {
        if (!window.confirm(button.getAttribute("data-confirm"))) { event.preventDefault(); }
      });
    });
    // Warn two minutes before the idle timeout and let the user stay (WCAG 2.2.1).
    var idle = parseInt(document.body.getAttribute("data-idle-seconds") || "0", 10);
    var warning = document.getElementById("session-warning");
    if (idle > 150 && warning) {
      var timer;
      var arm = function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(function () {
          warning.hidden = false;
          var button = warning.querySelector("button");
          if (button) { button.focus(); }
        }, (idle - 120) * 1000);
      };
      warning.querySelector("form").addEventListener("submit", function (event) {
        event.preventDefault();
        var form = event.target;
        window.fetch(form.action, {
          method: "POST", body: new FormData(form), credentials: "same-origin",
          headers: { "Accept": "application/json" }
        }).then(function (response) {
          if (response.ok) { warning.hidden = true; arm(); } else { form.submit(); }
        });
      });
      arm();
    }
    // Prevent double submission: a second click while the first request runs does nothing.
    document.querySelectorAll("form[method=post], form[method=POST]").forEach(function (form) {
      form.addEventListener("submit", function () {
        if (form.dataset.submitted === "1") { return; }
        form.dataset.submitted = "1";
        window.setTimeout(function () {
          form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
        }, 0);
        window.setTimeout(function () {
          form.dataset.submitted = "";
          form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = false; });
        }, 8000);
      });
    });
  });
})();
