// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Move focus to the main region after an htmx swap of results, so screen
  // reader users learn that the content changed (the count sits in a live region).
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (target && target.hasAttribute("data-focus-after-swap")) {
      target.focus();
    }
  });
})();
