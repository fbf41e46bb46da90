import assert from "node:assert/strict";
import { loginPath, safeNextPath } from "./next_path.ts";

Deno.test("safeNextPath keeps a path of the app with its query and fragment", () => {
  assert.equal(safeNextPath("/settings"), "/settings");
  assert.equal(
    safeNextPath("/admin/users?q=bob&active=false#top"),
    "/admin/users?q=bob&active=false#top",
  );
  assert.equal(safeNextPath("/a/../settings"), "/settings");
});

Deno.test("safeNextPath never leaves the origin: every open-redirect shape falls back to /", () => {
  const attacks = [
    "//evil.example",
    "//evil.example/settings",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https://evil.example",
    "http:evil.example",
    "javascript:alert(1)",
    "data:text/html,hi",
    "/\t/evil.example",
    "/\n/evil.example",
    "/.//evil.example",
    "evil.example",
    " /settings",
    "",
  ];
  for (const attack of attacks) assert.equal(safeNextPath(attack), "/", JSON.stringify(attack));
  assert.equal(safeNextPath(null), "/");
  assert.equal(safeNextPath(undefined), "/");
  assert.equal(safeNextPath(`/${"a".repeat(3000)}`), "/");
});

Deno.test("safeNextPath does not return to the login, register or logout pages", () => {
  for (const path of ["/login", "/login?next=/settings", "/logout", "/register"]) {
    assert.equal(safeNextPath(path), "/", path);
  }
});

Deno.test("loginPath carries the page to come back to, and nothing for the home page", () => {
  assert.equal(loginPath({ pathname: "/settings" }), "/login?next=%2Fsettings");
  assert.equal(
    loginPath({ pathname: "/admin/audit", search: "?action=auth.login" }),
    "/login?next=%2Fadmin%2Faudit%3Faction%3Dauth.login",
  );
  assert.equal(loginPath({ pathname: "/" }), "/login");
  assert.equal(loginPath({ pathname: "/logout" }), "/login");
});
