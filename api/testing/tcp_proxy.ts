/**
 * A TCP proxy in front of the test server, for what a network partition does to a client: after
 * `partition()` its open connections are gone and new ones connect but never hear back, so a
 * client can only time out. The server every other test shares keeps running.
 */
export type TcpProxy = {
  /** `url` with its host and port replaced by the proxy's. */
  url: string;
  partition(): void;
  [Symbol.asyncDispose](): Promise<void>;
};

export function tcpProxy(url: string): TcpProxy {
  const target = new URL(url);
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const open = new Set<Deno.Conn>();
  const piping: Promise<unknown>[] = [];
  let partitioned = false;

  const closeAll = () => {
    for (const conn of open) {
      try {
        conn.close();
      } catch {
        // closed by its pipe already
      }
    }
    open.clear();
  };

  const accepting = (async () => {
    for await (const client of listener) {
      open.add(client);
      // Held silent: the client's connect timeout is all it will get.
      if (partitioned) continue;
      const server = await Deno.connect({
        hostname: target.hostname,
        port: Number(target.port || 5432),
      });
      open.add(server);
      // Either side ending ends both, as when the other end goes away.
      const pipe = (from: Deno.Conn, to: Deno.Conn) =>
        from.readable.pipeTo(to.writable).catch(() => {}).finally(() => {
          for (const conn of [from, to]) {
            if (open.delete(conn)) {
              try {
                conn.close();
              } catch {
                // closed already
              }
            }
          }
        });
      piping.push(pipe(client, server), pipe(server, client));
    }
  })().catch(() => {});

  const proxied = new URL(url);
  proxied.hostname = "127.0.0.1";
  proxied.port = String((listener.addr as Deno.NetAddr).port);
  return {
    url: proxied.toString(),
    partition() {
      partitioned = true;
      closeAll();
    },
    async [Symbol.asyncDispose]() {
      partitioned = true;
      listener.close();
      closeAll();
      await accepting;
      await Promise.allSettled(piping);
    },
  };
}
