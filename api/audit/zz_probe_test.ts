import { testApi } from "../testing/api.ts";
const FROM = { "X-Forwarded-For": "203.0.113.7" };
for (const n of [1, 2, 3]) Deno.test("probe" + n, async () => {
  await using api = await testApi();
  const me = await api.createUser();
  await api.request("/auth/login", { method: "POST", json: { email: me.user.email, password: "wrong 1234" }, headers: FROM });
  await api.request("/auth/login", { method: "POST", json: { email: me.user.email, password: "wrong 1234" } });
  await api.request("/auth/login", { method: "POST", json: { email: "x@example.com", password: "wrong 1234" }, headers: FROM });
  console.log((await api.db.sql`select id, jsonb_typeof(detail) as t, jsonb_typeof(changes) as c, ip from audit_events`).map((r) => `${r.id} ${r.t} ${r.c} ${r.ip}`).join("\n"));
});
