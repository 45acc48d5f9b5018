// The API console (/api/v1/docs/konsole/): Swagger UI over the page's
// no-script note. An external file,
// so the page keeps the portal's CSP without inline script.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: root.dataset.schemaUrl,
    domNode: root,
    layout: "BaseLayout",
    deepLinking: true,
    // No request to the public validator service (no third-party requests).
    validatorUrl: null,
    // The API only reads.
    supportedSubmitMethods: ["get", "head"],
    presets: [window.SwaggerUIBundle.presets.apis],
  });
})();
