// Progressive enhancement for the request and board forms: show only the fields the chosen
// option needs. Without JavaScript every field stays visible and the server checks them.
(function () {
  "use strict";
  function wrapper(id) {
    var input = document.getElementById(id);
    return input ? input.closest(".field") : null;
  }
  function toggle(select, prefix, fieldsFor) {
    var all = {};
    Object.keys(fieldsFor).forEach(function (key) {
      fieldsFor[key].forEach(function (name) { all[name] = true; });
    });
    function update() {
      var wanted = fieldsFor[select.value] || [];
      Object.keys(all).forEach(function (name) {
        var box = wrapper(prefix + name);
        if (box) { box.hidden = wanted.indexOf(name) === -1; }
      });
    }
    select.addEventListener("change", update);
    update();
  }
  document.addEventListener("DOMContentLoaded", function () {
    var target = document.getElementById("step-target");
    if (target) {
      toggle(target, "step-", {
        declined: ["reason"],
        referred: ["organisation", "person"],
        done: ["outcome", "lessons"]
      });
    }
    var procedure = document.getElementById("forward-procedure");
    if (procedure) {
      toggle(procedure, "forward-", { written: ["deadline"], meeting: ["meeting"] });
    }
  });
})();
