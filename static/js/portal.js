// Small improvements only: every page works the same without this file.
(function () {
  "use strict";
  // A print button makes the print stylesheet for the filtered list easy to find.
  document.querySelectorAll("[data-print-target]").forEach(function (target) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button--secondary js-print";
    // The label comes from the template, so it is translated with the rest of the page.
    button.textContent = target.dataset.printLabel || "Lijst afdrukken";
    button.addEventListener("click", function () { window.print(); });
    target.appendChild(button);
  });
  // Filters folded behind a button on a phone are unfolded where the screen has room beside the list.
  document.querySelectorAll("details[data-open-from]").forEach(function (details) {
    var wide = window.matchMedia("(min-width: " + details.dataset.openFrom + ")");
    var follow = function () { details.open = wide.matches; };
    follow();
    wide.addEventListener("change", follow);
  });
  // A sent form leaves out empty fields and the default order, so the address it makes is short to
  // share ("?werf=1", not "?q=&werf=1&sortering=titel"). The server reads both the same way.
  document.querySelectorAll("form[data-drop-empty]").forEach(function (form) {
    form.addEventListener("submit", function () {
      Array.prototype.forEach.call(form.elements, function (field) {
        if (!field.name || field.type === "checkbox" || field.disabled) { return; }
        if (field.value === "" || field.value === field.dataset.default) {
          field.disabled = true;
          field.dataset.dropped = "";
        }
      });
    });
  });
  // Back to a page from the browser's cache: the dropped fields must work again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("[data-dropped]").forEach(function (field) {
      field.disabled = false;
      delete field.dataset.dropped;
    });
  });
  // "Kopieer de link": the address of the list on the clipboard, where the browser allows it.
  document.querySelectorAll("[data-copy-url]").forEach(function (target) {
    if (!navigator.clipboard) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button--secondary js-copy";
    button.textContent = target.dataset.copyLabel;
    var status = document.createElement("span");
    status.className = "share__status";
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(target.dataset.copyUrl).then(function () {
        status.textContent = target.dataset.copiedLabel;
      }, function () {
        status.textContent = target.dataset.failedLabel;
      });
    });
    target.prepend(button);
    target.appendChild(status);
  });
})();
