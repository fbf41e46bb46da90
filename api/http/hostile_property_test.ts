/**
 * Property: whatever value lands in whatever field of whatever operation the OpenAPI document
 * lists, the API answers within its envelope, never with a 5xx, and a refusal (400, 413) writes
 * nothing. Read from GET /openapi.json so it covers every operation the document gains. Seeded:
 * a failure prints the seed and path that replay it.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { type TestApi, testApi } from "../testing/api.ts";

const SEED = 20261130;
const RUNS = 200;
const TIME_LIMIT_MS = 12_000;

// deno-lint-ignore no-explicit-any
type Json = any;
type Operation = {
  method: string;
  path: string;
  body?: Record<string, Json>;
  bodyFields: string[];
  query: string[];
  params: string[];
};
type Target = { op: Operation; where: "body" | "wholeBody" | "query" | "path"; name: string };

/** What breaks parsers, databases and terminals, and what Unicode makes of "the same" text. */
const PIECES = [
  "\u0000",
  "\uD800",
  "\uDFFF",
  "\uDBFF\u0041",
  "\u001b[31m",
  "\r\n",
  "\t",
  "\u007f",
  "\u0085",
  "\u202e",
  "\u200b",
  "\uFEFF",
  "e\u0301",
  "\uFB01",
  "\u{1D49C}",
  "\u{1F469}\u200D\u{1F4BB}",
  "' or 1=1 --",
  "%00",
  "${jndi:x}",
  "<script>",
  "\\",
  "",
];

const piece = fc.oneof(
  fc.constantFrom(...PIECES),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit)),
  fc.integer({ min: 0, max: 0x1f }).map((unit) => String.fromCharCode(unit)),
);

/** A hostile string, often hidden inside an otherwise valid value so it gets past the rules. */
function hostileString(valid: string, maxHuge: number) {
  return fc.oneof(
    fc.tuple(fc.nat(), piece).map(([at, p]) => {
      const i = at % (valid.length + 1);
      return valid.slice(0, i) + p + valid.slice(i);
    }),
    piece,
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.integer({ min: 255, max: maxHuge }).map((n) => valid + "é".repeat(n)),
  );
}

/**
 * Percent-encoding that keeps a lone surrogate as the bytes a hostile client would send for it
 * (its generalised UTF-8, invalid UTF-8 to the server), where encodeURIComponent throws.
 */
function percentEncode(value: string): string {
  let out = "";
  for (const char of value) {
    const unit = char.codePointAt(0)!;
    if (unit < 0xd800 || unit > 0xdfff) {
      out += encodeURIComponent(char);
      continue;
    }
    const bytes = [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)];
    out += bytes.map((b) => `%${b.toString(16).toUpperCase()}`).join("");
  }
  return out;
}

function nested(depth: number): Json {
  let value: Json = "deep";
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
  fc.integer({ min: 1, max: 3000 }).map(nested),
);

function operations(doc: Json): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries<Json>(doc.paths)) {
    for (const [method, op] of Object.entries<Json>(methods)) {
      const params: Json[] = op.parameters ?? [];
      const content = op.requestBody?.content?.["application/json"];
      let schema = content?.schema ?? {};
      if (schema.$ref) schema = doc.components.schemas[schema.$ref.split("/").pop()];
      ops.push({
        method: method.toUpperCase(),
        path,
        body: content ? content.example ?? {} : undefined,
        bodyFields: Object.keys(schema.properties ?? {}),
        query: params.filter((p) => p.in === "query").map((p) => p.name),
        params: params.filter((p) => p.in === "path").map((p) => p.name),
      });
    }
  }
  return ops;
}

function targets(ops: Operation[]): Target[] {
  return ops.flatMap((op) => [
    ...op.bodyFields.map((name) => ({ op, where: "body" as const, name })),
    ...(op.body ? [{ op, where: "wholeBody" as const, name: "body" }] : []),
    ...op.query.map((name) => ({ op, where: "query" as const, name })),
    ...op.params.map((name) => ({ op, where: "path" as const, name })),
  ]);
}

async function written(api: TestApi) {
  // What an earlier 202 does after its answer (api/http/after_response.ts) is not this request's.
  await api.deps.afterResponse.settled();
  const [row] = await api.db.sql`
    select (select count(*) from users)::int as users,
      (select count(*) from sessions)::int as sessions,
      (select count(*) from audit_events)::int as events`;
  return { ...row };
}

Deno.test("hostile values in any field of any documented operation: no 5xx, the envelope, and a refusal writes nothing", async () => {
  await using api = await testApi();
  const admin = await api.createUser({ admin: true });
  const victim = await api.createUser();
  const doc = await (await fetch(`${api.url}/openapi.json`)).json();
  const all = targets(operations(doc));
  assert.ok(all.length >= 20, `only ${all.length} fields found in the document`);
  const base = (op: Operation, name: string): string => {
    const value = op.body?.[name];
    return typeof value === "string" ? value : name === "id" ? String(victim.user.id) : "x";
  };

  // The first new-password check reads the breached-password list: seconds on a loaded machine.
  // Done before the property, so its time limit is spent on the hostile requests, whichever the
  // seed draws first.
  const warmUp = await api.request("/auth/password", {
    method: "PUT",
    token: victim.token,
    json: { current_password: "not the password", new_password: "a warm-up passphrase" },
  });
  assert.equal(warmUp.status, 400);

  const request = fc.constantFrom(...all).chain((target) => {
    const valid = base(target.op, target.name);
    const inUrl = target.where === "query" || target.where === "path";
    const value = inUrl
      ? hostileString(valid, 1500)
      : target.where === "wholeBody"
      ? fc.oneof(fc.jsonValue(), wrongType)
      : fc.oneof(hostileString(valid, 40_000), wrongType);
    return fc.record({ target: fc.constant(target), value: value as fc.Arbitrary<Json> });
  });

  await fc.assert(
    fc.asyncProperty(request, async ({ target, value }) => {
      const { op, where, name } = target;
      let path = op.path.replace(
        /\{(\w+)\}/g,
        (_, param) =>
          percentEncode(where === "path" && param === name ? value : String(victim.user.id)),
      );
      if (where === "query") path += `?${name}=${percentEncode(value)}`;
      let body: string | undefined;
      if (where === "wholeBody") body = JSON.stringify(value);
      else if (op.body) {
        body = JSON.stringify({ ...op.body, ...(where === "body" ? { [name]: value } : {}) });
      }

      const before = await written(api);
      const res = await fetch(api.url + path, {
        method: op.method,
        headers: {
          Authorization: `Bearer ${admin.token}`,
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        },
        body,
      });
      const text = await res.text();
      const what = `${op.method} ${op.path} ${where} ${name} → ${res.status} ${text.slice(0, 200)}`;
      assert.ok(res.status < 500, what);
      assert.match(res.headers.get("Content-Type") ?? "", /^application\/json/, what);
      const envelope = JSON.parse(text);
      assert.equal(envelope.status, res.status < 400 ? "success" : "fail", what);
      if (res.status >= 400) assert.equal(typeof envelope.message, "string", what);
      if (res.status === 400 || res.status === 413) {
        assert.deepEqual(await written(api), before, `${what}: a refusal wrote rows`);
      }
    }),
    { seed: SEED, numRuns: RUNS, interruptAfterTimeLimit: TIME_LIMIT_MS },
  );
});
