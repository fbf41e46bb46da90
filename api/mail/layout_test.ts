import assert from "node:assert/strict";
import { type MailContent, renderMail } from "./layout.ts";

const brand = { appName: "Acme Accounts", publicUrl: "https://accounts.example.com" };
const content: MailContent = {
  subject: "Confirm your email",
  heading: "Confirm your email address",
  paragraphs: ["Hello <b>ann</b> & co,", "Click below within 24 hours."],
  action: { label: "Confirm", url: "https://accounts.example.com/verify-email#token=a.b&c" },
  reason: "You received this because someone registered with this address.",
  footnote: "If this wasn't you, ignore this mail.",
};

Deno.test("renderMail gives a plain-text part with every piece of the content", () => {
  const mail = renderMail(brand, content);
  assert.equal(mail.subject, "Confirm your email | Acme Accounts");
  for (
    const piece of [
      "Acme Accounts",
      content.heading,
      ...content.paragraphs,
      content.action!.url,
      content.reason,
      content.footnote!,
      brand.publicUrl,
    ]
  ) {
    assert.ok(mail.text.includes(piece), `text lacks ${piece}`);
  }
});

Deno.test("renderMail's HTML escapes the content and names the service", () => {
  const { html } = renderMail(brand, content);
  assert.ok(html.includes("Hello &lt;b&gt;ann&lt;/b&gt; &amp; co,"));
  assert.ok(!html.includes("<b>ann</b>"));
  assert.ok(html.includes('href="https://accounts.example.com/verify-email#token=a.b&amp;c"'));
  assert.ok(html.includes("Acme Accounts"));
  assert.ok(html.includes(content.reason));
  assert.match(html, /#0d6efd/, "the web app's button colour");
});

Deno.test("renderMail's HTML loads nothing from anywhere: no images, fonts, scripts or trackers", () => {
  const { html } = renderMail(brand, content);
  assert.doesNotMatch(html, /<(img|script|link|iframe|object|embed|video|audio|form)\b/i);
  assert.doesNotMatch(html, /\bsrc\s*=|url\(|@import|background\s*=/i);
  // The only addresses in it are the action and the service's own, both under PUBLIC_URL.
  const links = [...html.matchAll(/https?:\/\/[^"'<\s]+/g)].map((match) => match[0]);
  assert.ok(links.length >= 2);
  for (const link of links) assert.ok(link.startsWith(brand.publicUrl), link);
});

Deno.test("renderMail keeps the subject on one line", () => {
  const mail = renderMail(brand, { ...content, subject: "a\r\nBcc: x@example.com" });
  assert.doesNotMatch(mail.subject, /[\r\n]/);
});

Deno.test("renderMail without an action or footnote leaves them out", () => {
  const { text, html } = renderMail(brand, { ...content, action: undefined, footnote: undefined });
  assert.doesNotMatch(html, /<a href="https:\/\/accounts.example.com\/verify/);
  assert.ok(!text.includes("Confirm:"));
  assert.ok(!text.includes(content.footnote!));
});
