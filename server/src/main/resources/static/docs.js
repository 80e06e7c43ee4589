// Renders the API documentation at /docs from the server's own OpenAPI document.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    docExpansion: "none",
    presets: [SwaggerUIBundle.presets.apis]
  });
});
