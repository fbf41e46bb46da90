/**
 * The one look every mail has: a plain-text part and an HTML part built from the same content,
 * with the service's name and the web app's colours. The HTML has no remote images, fonts,
 * scripts or tracking pixels (only inline styles), so opening a mail tells nobody anything, and
 * every mail says why its recipient got it.
 */

export type MailContent = {
  subject: string;
  heading: string;
  /** Plain text; the layout escapes it for HTML. */
  paragraphs: string[];
  /** One button (a link in the text part); `url` starts with PUBLIC_URL. */
  action?: { label: string; url: string };
  /** "You received this because …" */
  reason: string;
  /** For example "If this wasn't you, reset your password." */
  footnote?: string;
};

export type Brand = { appName: string; publicUrl: string };
export type RenderedMail = { subject: string; text: string; html: string };

// The web app's navbar (Bootstrap's dark) and primary button colours.
const COLOURS = {
  header: "#212529",
  headerText: "#ffffff",
  button: "#0d6efd",
  buttonText: "#ffffff",
  text: "#212529",
  muted: "#6c757d",
  page: "#f8f9fa",
  card: "#ffffff",
  rule: "#dee2e6",
};

const FONT = "-apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

export function renderMail(brand: Brand, content: MailContent): RenderedMail {
  const subject = `${content.subject} | ${brand.appName}`.replace(/[\r\n]+/g, " ");
  return { subject, text: renderText(brand, content), html: renderHtml(brand, content) };
}

function renderText(brand: Brand, content: MailContent): string {
  const lines = [brand.appName, "", content.heading, ""];
  for (const paragraph of content.paragraphs) lines.push(paragraph, "");
  if (content.action) lines.push(`${content.action.label}:`, content.action.url, "");
  if (content.footnote) lines.push(content.footnote, "");
  lines.push("--", content.reason, `${brand.appName}: ${brand.publicUrl}`);
  return lines.join("\n") + "\n";
}

function renderHtml(brand: Brand, content: MailContent): string {
  const c = COLOURS;
  const paragraphs = content.paragraphs.map((paragraph) =>
    `<p style="margin:0 0 16px 0;">${escapeHtml(paragraph)}</p>`
  ).join("\n");
  const action = content.action
    ? `<p style="margin:24px 0;"><a href="${escapeHtml(content.action.url)}" ` +
      `style="display:inline-block;padding:10px 20px;background:${c.button};` +
      `color:${c.buttonText};text-decoration:none;border-radius:6px;font-weight:600;">` +
      `${escapeHtml(content.action.label)}</a></p>\n` +
      `<p style="margin:0 0 16px 0;font-size:13px;color:${c.muted};">` +
      `If the button does not work, copy this address into your browser:<br>` +
      `<span style="word-break:break-all;">${escapeHtml(content.action.url)}</span></p>`
    : "";
  const footnote = content.footnote
    ? `<p style="margin:0 0 16px 0;">${escapeHtml(content.footnote)}</p>`
    : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(content.subject)}</title>
</head>
<body style="margin:0;padding:0;background:${c.page};color:${c.text};font-family:${FONT};">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:${c.page};">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:${c.card};border:1px solid ${c.rule};border-radius:8px;">
<tr><td style="background:${c.header};color:${c.headerText};padding:16px 24px;font-size:18px;font-weight:600;border-radius:8px 8px 0 0;">${
    escapeHtml(brand.appName)
  }</td></tr>
<tr><td style="padding:24px;font-size:15px;line-height:1.5;">
<h1 style="margin:0 0 16px 0;font-size:20px;">${escapeHtml(content.heading)}</h1>
${paragraphs}
${action}
${footnote}
</td></tr>
<tr><td style="padding:16px 24px;border-top:1px solid ${c.rule};font-size:12px;color:${c.muted};">
${escapeHtml(content.reason)}<br>
<a href="${escapeHtml(brand.publicUrl)}" style="color:${c.muted};">${escapeHtml(brand.appName)}</a>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}

function escapeHtml(value: string): string {
  return value.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;").replaceAll("'", "&#39;");
}
