// Renders the API documentation at /docs from the server's own OpenAPI document. Operations start
// folded; a deep link (/docs#/notices/postV1NoticesBatch) opens that one operation, and the filter
// box narrows the list by tag.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    docExpansion: "none",
    deepLinking: true,
    filter: true,
    presets: [SwaggerUIBundle.presets.apis]
  });
});
