// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Move focus to the main region after an htmx swap of results, so screen
  // reader users learn that the content changed (the count sits in a live region).
  // An error summary after a failed form submission takes the focus, so the
  // errors are read first and each links to its field.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-focus-on-load]");
    if (summary) {
      summary.focus();
    }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (target && target.hasAttribute("data-focus-after-swap")) {
      target.focus();
    }
  });
})();
