// Swagger UI over our document, started from a file of our own: the policy refuses inline scripts.
const ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  layout: "BaseLayout",
  deepLinking: true,
  // The public validator's badge would be a request to another origin, which the policy refuses.
  validatorUrl: null,
  // The token of a login, registration or refresh tried here authorizes the calls tried next.
  responseInterceptor: (response) => {
    const token = response.body?.auth_token;
    if (typeof token === "string") ui.preauthorizeApiKey("bearerAuth", token);
    return response;
  },
});
