/**
 * HTTP/1.1 written by hand over TCP, for requests fetch() refuses to send: a malformed Host, a
 * chunked body the client abandons half-way.
 */
export type RawResponse = { status: number; head: string; body: string };

/**
 * Writes `head` (request line and headers, without the blank line) and `body`, then half-closes
 * the connection so the server sees the end of the stream, and reads the answer to the end.
 */
export async function rawRequest(serverUrl: string, head: string, body = ""): Promise<RawResponse> {
  const { hostname, port } = new URL(serverUrl);
  const conn = await Deno.connect({ hostname, port: Number(port) });
  try {
    const bytes = new TextEncoder().encode(`${head}\r\nConnection: close\r\n\r\n${body}`);
    for (let written = 0; written < bytes.length;) {
      written += await conn.write(bytes.subarray(written));
    }
    await conn.closeWrite();
    const text = await new Response(conn.readable).text();
    const [responseHead, ...rest] = text.split("\r\n\r\n");
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(responseHead)?.[1] ?? 0);
    return { status, head: responseHead, body: rest.join("\r\n\r\n") };
  } finally {
    try {
      conn.close();
    } catch {
      // Reading to the end already closed it.
    }
  }
}
