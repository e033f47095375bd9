// Surveys: hide a conditional question until the answer it depends on is given. The server checks the same rule,
// so without this script every question simply stays visible (with its "answer only if" note).
(function () {
  "use strict";
  function chosen(form, name) {
    var values = [];
    form.querySelectorAll('[name="' + name + '"]').forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox") ? input.checked : input.value !== "") {
        values.push(input.value);
      }
    });
    return values;
  }
  function update(form) {
    form.querySelectorAll("[data-show-if]").forEach(function (block) {
      var parent = form.querySelector('[name="' + block.dataset.showIf + '"]');
      var parentBlock = parent && parent.closest(".question");
      var wanted = block.dataset.showValues.split(" ");
      var visible = !(parentBlock && parentBlock.hidden) &&
        chosen(form, block.dataset.showIf).some(function (v) { return wanted.indexOf(v) !== -1; });
      block.hidden = !visible;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.survey-form").forEach(function (form) {
      form.querySelectorAll(".condition").forEach(function (note) { note.hidden = true; });
      update(form);
      form.addEventListener("change", function () { update(form); });
    });
  });
})();
