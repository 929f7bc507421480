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
