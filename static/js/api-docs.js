// The API documentation page (/api/v1/docs/): Swagger UI over the page's own
// endpoint list, which stays for readers without JavaScript. An external file,
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
