// Swagger UI over our document, started from a file of our own: the policy refuses inline scripts.
SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  layout: "BaseLayout",
  deepLinking: true,
  // The public validator's badge would be a request to another origin, which the policy refuses.
  validatorUrl: null,
});
