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
})();
