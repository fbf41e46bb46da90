// The interactive API reference: renders /openapi.json and sends "Try it" requests. It builds the
// page with DOM calls and textContent only, so nothing from the document is parsed as HTML, and
// it lives in a file of its own because the Content-Security-Policy forbids inline scripts.

const METHODS = ["get", "post", "put", "patch", "delete"];
const SCHEME_NAMES = { bearerAuth: "Bearer token", refreshCookie: "refresh cookie" };
const CONSTRAINTS = ["format", "minLength", "maxLength", "pattern", "minimum", "minItems"];

const main = document.getElementById("operations");
const tokenInput = document.getElementById("token");
let doc;

try {
  const response = await fetch("/openapi.json");
  if (!response.ok) throw new Error(`GET /openapi.json answered ${response.status}`);
  doc = await response.json();
  render();
} catch (error) {
  main.replaceChildren(el("p", { class: "error", text: `Cannot show the API: ${error.message}` }));
}

function render() {
  document.getElementById("version").textContent = doc.info.version;
  document.getElementById("description").replaceChildren(...prose(doc.info.description));
  const operations = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      if (item[method]) operations.push({ path, method, op: item[method] });
    }
  }
  const tags = [...doc.tags ?? [], { name: "other", description: "" }];
  main.replaceChildren(...tags.map((tag) => {
    const inTag = operations.filter(({ op }) => (op.tags?.[0] ?? "other") === tag.name);
    if (inTag.length === 0) return "";
    return el(
      "section",
      { class: "tag" },
      el("h2", { text: tag.name }),
      tag.description ? el("p", {}, ...prose(tag.description)) : "",
      ...inTag.map(({ path, method, op }) => operation(path, method, op)),
    );
  }));
  const linked = location.hash && document.getElementById(location.hash.slice(1));
  if (linked) {
    linked.open = true;
    linked.scrollIntoView();
  }
}

function operation(path, method, op) {
  const body = op.requestBody?.content["application/json"];
  return el(
    "details",
    { class: "operation", id: op.operationId },
    el(
      "summary",
      {},
      el("span", { class: `method ${method}`, text: method.toUpperCase() }),
      el("code", { class: "path", text: path }),
      el("span", { class: "summary", text: op.summary }),
    ),
    op.description ? el("p", {}, ...prose(op.description)) : "",
    el("p", { class: "security", text: `Authorization: ${securityText(op.security)}` }),
    op.parameters ? el("h3", { text: "Parameters" }) : "",
    op.parameters ? parameterTable(op.parameters) : "",
    body ? el("h3", { text: "Request body" }) : "",
    body ? schemaView(body.schema) : "",
    el("h3", { text: "Responses" }),
    ...Object.entries(op.responses).map(([status, reply]) => response(status, reply)),
    tryIt(path, method, op),
  );
}

function securityText(requirements = []) {
  if (requirements.length === 0) return "none";
  return requirements.map((requirement) => {
    const names = Object.keys(requirement).map((name) => SCHEME_NAMES[name] ?? name);
    return names.length ? names.join(" and ") : "none";
  }).join(", or ");
}

function parameterTable(parameters) {
  return el(
    "table",
    {},
    el("thead", {}, row("th", ["Name", "In", "Type", "Description"])),
    el(
      "tbody",
      {},
      ...parameters.map((p) =>
        row("td", [
          `${p.name}${p.required ? " (required)" : ""}`,
          p.in,
          [typeLabel(p.schema), constraints(p.schema)].filter(Boolean).join("; "),
          prose(p.description ?? ""),
        ])
      ),
    ),
  );
}

function row(cell, contents) {
  return el("tr", {}, ...contents.map((content) => el(cell, {}, ...[content].flat())));
}

function response(status, reply) {
  const schema = reply.content?.["application/json"]?.schema;
  const headers = Object.entries(reply.headers ?? {});
  return el(
    "details",
    { class: "response" },
    el(
      "summary",
      {},
      el("span", { class: `status s${status[0]}xx`, text: status }),
      el("span", {}, ...prose(reply.description)),
    ),
    headers.length
      ? el(
        "ul",
        {},
        ...headers.map(([name, h]) => el("li", {}, `${name}: `, ...prose(h.description))),
      )
      : "",
    schema ? schemaView(schema) : "",
  );
}

/** A schema as its type and, for objects, a tree of their properties. */
function schemaView(schema) {
  return el(
    "div",
    { class: "schema" },
    el("span", { class: "type", text: typeLabel(schema) }),
    resolve(schema).description
      ? el("span", { class: "note" }, ...prose(resolve(schema).description))
      : "",
    propertyTree(schema, 0) ?? "",
  );
}

function propertyTree(schema, depth) {
  const object = objectWithin(schema);
  if (!object || depth > 8) return null;
  const required = new Set(object.required ?? []);
  return el(
    "ul",
    {},
    ...Object.entries(object.properties).map(([name, property]) => {
      const resolved = resolve(property);
      const note = [constraints(resolved), property.description ?? resolved.description]
        .filter(Boolean).join(" · ");
      return el(
        "li",
        {},
        el("code", { text: name }),
        required.has(name) ? el("span", { class: "required", text: "required" }) : "",
        el("span", { class: "type", text: typeLabel(property) }),
        note ? el("span", { class: "note" }, ...prose(note)) : "",
        propertyTree(property, depth + 1) ?? "",
      );
    }),
  );
}

/** The object whose properties a schema is about, through references, arrays, unions and maps. */
function objectWithin(schema) {
  const resolved = resolve(schema);
  if (resolved.properties) return resolved;
  if (resolved.items) return objectWithin(resolved.items);
  for (const variant of resolved.anyOf ?? []) {
    const found = objectWithin(variant);
    if (found) return found;
  }
  if (typeof resolved.additionalProperties === "object") {
    return objectWithin(resolved.additionalProperties);
  }
  return null;
}

/** A short type: `string`, `integer | null`, `User[]`, `"success"`. */
function typeLabel(schema) {
  if (schema.$ref) return schema.$ref.split("/").pop();
  if ("const" in schema) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(" | ");
  if (schema.anyOf) return schema.anyOf.map(typeLabel).join(" | ");
  if (schema.items) return `${typeLabel(schema.items)}[]`;
  if (Array.isArray(schema.type)) return schema.type.join(" | ");
  if (schema.type === "object" && typeof schema.additionalProperties === "object") {
    return `{ [key]: ${typeLabel(schema.additionalProperties)} }`;
  }
  return schema.type ?? "any";
}

function constraints(schema) {
  return CONSTRAINTS.filter((key) => key in schema)
    .map((key) =>
      `${key} ${typeof schema[key] === "string" ? schema[key] : JSON.stringify(schema[key])}`
    )
    .join(", ");
}

function resolve(schema) {
  return schema.$ref ? doc.components.schemas[schema.$ref.split("/").pop()] ?? {} : schema;
}

function tryIt(path, method, op) {
  const fields = (op.parameters ?? []).map((parameter) => {
    const id = `${op.operationId}-${parameter.in}-${parameter.name}`;
    const input = el("input", { id, type: "text", autocomplete: "off" });
    input.required = parameter.required;
    const label = el("label", { for: id, text: `${parameter.name} (${parameter.in})` });
    return { parameter, input, line: el("p", {}, label, input) };
  });
  const example = op.requestBody?.content["application/json"]?.example;
  const body = op.requestBody
    ? el("textarea", { id: `${op.operationId}-body`, rows: "6", spellcheck: "false" })
    : null;
  if (body) body.value = JSON.stringify(example ?? {}, null, 2);
  const output = el("div", { class: "result", "aria-live": "polite" });
  const form = el(
    "form",
    { class: "try-it" },
    el("h3", { text: "Try it" }),
    ...fields.map((field) => field.line),
    body ? el("p", {}, el("label", { for: body.id, text: "JSON body" })) : "",
    body ?? "",
    el("button", { type: "submit", text: `Send ${method.toUpperCase()} ${path}` }),
    output,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    output.replaceChildren(el("p", { text: "Sending…" }));
    output.replaceChildren(...await send(path, method, op, fields, body));
  });
  return form;
}

async function send(path, method, op, fields, body) {
  let url = path;
  const query = new URLSearchParams();
  for (const { parameter, input } of fields) {
    const value = input.value.trim();
    if (parameter.in === "path") {
      url = url.replace(`{${parameter.name}}`, encodeURIComponent(value));
    } else if (value !== "") query.append(parameter.name, value);
  }
  if (query.size > 0) url += `?${query}`;
  const headers = {};
  const token = tokenInput.value.trim();
  if (token && (op.security ?? []).some((requirement) => "bearerAuth" in requirement)) {
    headers.Authorization = `Bearer ${token}`;
  }
  if (body) headers["Content-Type"] = "application/json";
  const started = performance.now();
  let response;
  try {
    // The refresh cookie (Path=/auth) goes along by itself: same origin.
    response = await fetch(url, { method: method.toUpperCase(), headers, body: body?.value });
  } catch (error) {
    return [el("p", { class: "error", text: `The request failed: ${error.message}` })];
  }
  const elapsed = Math.round(performance.now() - started);
  const text = await response.text();
  const lines = [
    el("p", {
      class: `status s${String(response.status)[0]}xx`,
      text: `${response.status} ${response.statusText} from ${method.toUpperCase()} ${url} ` +
        `in ${elapsed} ms`,
    }),
  ];
  let shown = text;
  try {
    const json = JSON.parse(text);
    shown = JSON.stringify(json, null, 2);
    if (typeof json.auth_token === "string") {
      tokenInput.value = json.auth_token;
      lines.push(el("p", { text: "The Bearer token field now holds this access token." }));
    }
  } catch {
    // Not JSON: shown as it came.
  }
  lines.push(el("pre", { text: shown }));
  return lines;
}

/** Text with its `code spans` (the one piece of Markdown the document uses) as code elements. */
function prose(text) {
  return text.split("`").map((part, i) => i % 2 ? el("code", { text: part }) : part);
}

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") node.textContent = value;
    else node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}
