// The article form's controls that scripts draw (the body editor, the author and tag pickers)
// carry no name of their own, so screen readers announce "edit text" or "combo box" alone:
// each is given the label of the field it stands for. Only names are added; without this
// script the form works the same.
(function () {
  "use strict";

  function labelText(id) {
    var label = document.querySelector('label[for="' + id + '"]');
    return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
  }

  function name(element, text) {
    if (element && text && !element.getAttribute("aria-label")) {
      element.setAttribute("aria-label", text);
    }
  }

  function nameAll() {
    document.querySelectorAll("textarea[id]").forEach(function (textarea) {
      var row = textarea.closest(".form-row");
      if (row) {
        row.querySelectorAll(".ProseMirror").forEach(function (editor) {
          name(editor, labelText(textarea.id));
        });
      }
    });
    document.querySelectorAll("select.admin-autocomplete[id]").forEach(function (select) {
      var container = select.nextElementSibling;
      if (!container || !container.classList.contains("select2")) {
        return;
      }
      var text = labelText(select.id);
      name(container.querySelector(".select2-selection"), text);
      name(container.querySelector(".select2-selection__rendered"), text);
      name(container.querySelector(".select2-search__field"), text);
    });
  }

  new MutationObserver(nameAll).observe(document.documentElement, {
    childList: true,
    subtree: true,
  });
  document.addEventListener("DOMContentLoaded", nameAll);
})();
