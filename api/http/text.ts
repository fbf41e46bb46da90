/**
 * The one check every string of a body or a query passes, before any rule of its own: no control
 * characters and no lone UTF-16 surrogates. PostgreSQL refuses NUL in text and lone surrogates in
 * jsonb, and a raw CR or escape sequence has no business in a name, an address or a search; a
 * value the database would reject must be the client's 400, not our 500. Free of server-only
 * imports: the web app bundles it through the schemas.
 */
import { z } from "zod";

// \p{Cc}: C0 and C1 controls, NUL, tab, CR, LF and DEL among them. With the u flag a surrogate
// pair is one astral code point, so \p{Cs} only matches a surrogate standing alone.
const UNPRINTABLE = /[\p{Cc}\p{Cs}]/u;

/** Whether a string is free of control characters and lone surrogates. */
export function isPrintable(value: string): boolean {
  return !UNPRINTABLE.test(value);
}

/** A string whose messages name `field`, refused (and no other rule run) when unprintable. */
export function text(field: string) {
  return z.string({
    error: (issue) =>
      issue.input === undefined ? `${field} is required.` : `${field} must be a string.`,
  }).refine(isPrintable, {
    message: `${field} must not contain control characters or invalid Unicode.`,
    abort: true,
  });
}
