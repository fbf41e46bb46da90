/**
 * The request itself, before any route sees it: a Host that makes a URL, and a body that is
 * within the limit and could be read to its end. Checked up front, so a handler never fails half
 * way (or, worse, after its transaction committed) on something the client got wrong.
 */
import type { Context, MiddlewareHandler } from "hono";
import { ApiError, invalidPayload } from "./errors.ts";

export const MAX_BODY_BYTES = 64 * 1024;

function tooLarge(): ApiError {
  return new ApiError(413, `Payload too large: the limit is ${MAX_BODY_BYTES / 1024} KiB.`);
}

/**
 * 400 for a Host that yields no URL (`a b`, `[::1`, `x:99999`): RFC 9112 asks for it, and every
 * later `new URL(c.req.url)` (ours or a library's) may then assume it parses.
 */
export const wellFormedHost: MiddlewareHandler = async (c, next) => {
  if (!URL.canParse(c.req.url)) throw new ApiError(400, "The Host header is malformed.");
  await next();
};

/**
 * Reads the body once, up to the limit, whatever the method: a stream the client abandons
 * half-way is its 400, not our 500 at whichever parser met it first.
 */
export const readBody: MiddlewareHandler = async (c, next) => {
  const declared = c.req.header("Content-Length");
  if (declared !== undefined && Number(declared) > MAX_BODY_BYTES) throw tooLarge();
  const body = c.req.raw.body;
  if (!body) {
    // Deno hides the body of a GET or HEAD; one that is chunked is of a length nobody can vouch for.
    if (c.req.header("Transfer-Encoding") !== undefined) throw tooLarge();
    return await next();
  }
  if (declared !== undefined && c.req.header("Transfer-Encoding") === undefined) {
    // Framed by its Content-Length (the server reads no further), which is within the limit:
    // read in one call, without a reader's per-chunk promises.
    let whole: ArrayBuffer;
    try {
      whole = await c.req.raw.arrayBuffer();
    } catch {
      throw invalidPayload([{ field: "body", message: "The body could not be read to its end." }]);
    }
    (c.req.bodyCache as Record<string, Promise<ArrayBuffer>>).arrayBuffer = Promise.resolve(whole);
    return await next();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > MAX_BODY_BYTES) throw tooLarge();
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw invalidPayload([{ field: "body", message: "The body could not be read to its end." }]);
  } finally {
    reader.releaseLock();
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  // Hono's parsers read this cache before the stream; copying the request instead would touch
  // its abort signal, which Deno.serve treats as legacy (and says so on every request). Hono
  // stores promises here, though its type names the resolved values.
  (c.req.bodyCache as Record<string, Promise<ArrayBuffer>>).arrayBuffer = Promise.resolve(
    bytes.buffer,
  );
  await next();
};

/**
 * Behind Caddy the API speaks plain HTTP, so the proxy's X-Forwarded-Proto tells. Believing a
 * forged "https" can only add the Secure flag, which harms nobody but the forger. Read from the
 * URL's text, not `new URL()`: cookies are set after a session was committed, where nothing may throw.
 */
export function cameOverHttps(c: Context): boolean {
  return c.req.url.startsWith("https:") ||
    c.req.header("X-Forwarded-Proto")?.split(",")[0].trim() === "https";
}
