import assert from "node:assert/strict";
import { testApi } from "../testing/api.ts";
import { conformance, type Exchange } from "./conformance.ts";

const JSON_TYPE = "application/json; charset=UTF-8";

Deno.test("a body the document does not allow fails, naming the operation and status", async () => {
  await using api = await testApi();
  const assertConforms = conformance(api.app);
  const admin = await api.createUser({ admin: true });
  const res = await api.request(`/users/${admin.user.id}`, { token: admin.token });
  assert.equal(res.status, 200);
  const real: Exchange = {
    method: "GET",
    path: `/users/${admin.user.id}`,
    status: 200,
    contentType: JSON_TYPE,
    body: res.body,
  };
  assertConforms(real);

  const wrong = [
    { ...res.body, data: { ...res.body.data, password_hash: "$2b$04$leaked" } },
    { ...res.body, data: { ...res.body.data, username: undefined } },
    { ...res.body, data: { ...res.body.data, id: String(admin.user.id) } },
    { ...res.body, status: "ok" },
  ];
  for (const body of wrong) {
    assert.throws(
      () => assertConforms({ ...real, body }),
      (error: Error) =>
        error.name === "AssertionError" &&
        error.message.startsWith("GET /users/{id} (getUser) answered 200 with a body"),
      JSON.stringify(body),
    );
  }
});

Deno.test("a status the operation does not list, or a body that is not JSON, fails", async () => {
  await using api = await testApi();
  const assertConforms = conformance(api.app);
  const ping: Exchange = {
    method: "GET",
    path: "/ping",
    status: 200,
    contentType: JSON_TYPE,
    body: { status: "success", message: "pong!" },
  };
  assertConforms(ping);
  assert.throws(
    () => assertConforms({ ...ping, status: 404, body: { status: "fail", message: "Not found." } }),
    /^AssertionError.*GET \/ping \(ping\) answered 404, a status the document does not list/,
  );
  assert.throws(
    () => assertConforms({ ...ping, contentType: "text/plain", body: "pong!" }),
    /GET \/ping \(ping\) answered 200 with text\/plain, not JSON/,
  );
  // 4xx bodies say "fail", 5xx ones "error".
  assert.throws(() =>
    assertConforms({
      ...ping,
      path: "/health/ready",
      status: 503,
      body: { status: "fail", message: "Not ready." },
    })
  );
});

Deno.test("outside the operations only 404 (unknown path) and 405 (other method) are allowed", async () => {
  await using api = await testApi();
  const assertConforms = conformance(api.app);
  const notFound = { status: "fail", message: "Not found." };
  const base = { method: "GET", contentType: JSON_TYPE, body: notFound };
  assertConforms({ ...base, path: "/nope?x=1", status: 404 });
  assertConforms({ ...base, method: "DELETE", path: "/users", status: 405 });
  assert.throws(() => assertConforms({ ...base, path: "/nope", status: 200 }), /expected 404/);
  assert.throws(
    () => assertConforms({ ...base, method: "PUT", path: "/users/7", status: 404 }),
    /PUT \/users\/7 \(no such operation\) answered 404, expected 405/,
  );
});
