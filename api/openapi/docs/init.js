// Swagger UI over our document, started from a file of our own: the policy refuses inline scripts.
const ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  layout: "BaseLayout",
  deepLinking: true,
  // The public validator's badge would be a request to another origin, which the policy refuses.
  validatorUrl: null,
  // Calls tried here neither send nor store cookies: a login tried here must not replace the web
  // app's refresh cookie (same origin, same Path=/auth), nor a refresh tried here rotate it. The
  // token a login answers with authorizes what is tried next instead.
  requestInterceptor: (request) => {
    request.credentials = "omit";
    return request;
  },
  // The token of a login, registration or refresh tried here authorizes the calls tried next.
  responseInterceptor: (response) => {
    const token = response.body?.auth_token;
    if (typeof token === "string") ui.preauthorizeApiKey("bearerAuth", token);
    return response;
  },
});
