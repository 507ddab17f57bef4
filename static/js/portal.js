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
})();
