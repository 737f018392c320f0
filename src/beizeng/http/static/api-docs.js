// Starts Swagger UI on /api/docs. A file, not the inline script FastAPI's page carries, so the
// docs page's CSP needs no inline script either; the schema URL comes from a data attribute.
(function () {
  var script = document.currentScript;
  window.ui = SwaggerUIBundle({
    url: script.dataset.openapiUrl,
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
  });
})();
