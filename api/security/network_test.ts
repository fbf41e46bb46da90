import assert from "node:assert/strict";
import { clientNetwork } from "./network.ts";

Deno.test("clientNetwork keeps IPv4 addresses and groups IPv6 ones by /64", () => {
  assert.equal(clientNetwork("203.0.113.7"), "203.0.113.7");
  assert.equal(clientNetwork("2001:db8:1:2::5"), "2001:db8:1:2::/64");
  assert.equal(clientNetwork("2001:DB8:1:2:ffff:1:2:3"), "2001:db8:1:2::/64");
  assert.equal(clientNetwork("2001:0db8:0001:0002:0:0:0:1"), "2001:db8:1:2::/64");
  assert.equal(clientNetwork("2001:db8::1"), "2001:db8:0:0::/64");
  assert.equal(clientNetwork("::1"), "0:0:0:0::/64");
  assert.equal(clientNetwork("fe80::"), "fe80:0:0:0::/64");
  assert.notEqual(clientNetwork("2001:db8:1:2::1"), clientNetwork("2001:db8:1:3::1"));
  assert.equal(clientNetwork("unknown"), "unknown");
});
