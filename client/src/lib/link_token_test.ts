import assert from "node:assert/strict";
import { linkToken, takeLinkToken } from "./link_token.ts";

function fakeHistory() {
  const replaced: string[] = [];
  return {
    replaced,
    history: {
      state: { idx: 0 },
      replaceState(_state: unknown, _unused: string, url: string) {
        replaced.push(url);
      },
    },
  };
}

Deno.test("a link's token is taken from the fragment and the address bar keeps only the path", () => {
  const { replaced, history } = fakeHistory();
  takeLinkToken(
    { pathname: "/reset-password", search: "", hash: "#token=abc.def" },
    history,
  );
  assert.deepEqual(replaced, ["/reset-password"]);
  assert.equal(linkToken("/reset-password"), "abc.def");
  assert.equal(linkToken("/verify-email"), null, "only for the page the link named");
});

Deno.test("the query string stays, and a token among other fragment fields is found", () => {
  const { replaced, history } = fakeHistory();
  takeLinkToken({ pathname: "/verify-email", search: "?x=1", hash: "#a=b&token=t.v" }, history);
  assert.deepEqual(replaced, ["/verify-email?x=1"]);
  assert.equal(linkToken("/verify-email"), "t.v");
});

Deno.test("an address without a token in its fragment is left alone", () => {
  const { replaced, history } = fakeHistory();
  takeLinkToken({ pathname: "/verify-email", search: "", hash: "" }, history);
  takeLinkToken({ pathname: "/settings", search: "", hash: "#sessions" }, history);
  assert.deepEqual(replaced, []);
});

Deno.test("an empty token is removed from the address but not kept", () => {
  const { replaced, history } = fakeHistory();
  takeLinkToken({ pathname: "/verify-email", search: "", hash: "#token=" }, history);
  assert.deepEqual(replaced, ["/verify-email"]);
  assert.equal(linkToken("/verify-email"), null);
});
