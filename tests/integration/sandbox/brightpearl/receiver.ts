// A local HTTP server standing in for the app's webhook endpoint: records what arrives and answers
// with the statuses a test scripts (then 200).
import { createServer, type Server } from "node:http";
import { afterAll } from "vitest";

export type Received = { method: string; url: string; headers: Record<string, string | string[] | undefined>; body: string; at: number };

export type Receiver = {
  url: string;
  received: Received[];
  /** the next answers, in order; afterwards 200 */
  respondWith: (...statuses: number[]) => void;
  /** never answer the next n requests */
  hang: (n: number) => void;
  waitFor: (count: number, timeoutMs?: number) => Promise<Received[]>;
  clear: () => void;
};

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  let script: number[] = [];
  let hangs = 0;
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body, at: Date.now() });
      if (hangs > 0) {
        hangs--;
        return;
      }
      res.statusCode = script.shift() ?? 200;
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    respondWith: (...statuses) => {
      script = statuses;
    },
    hang: (n) => {
      hangs = n;
    },
    waitFor: async (count, timeoutMs = 5000) => {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} webhook deliveries, got ${received.length}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return received;
    },
    clear: () => {
      received.length = 0;
      script = [];
      hangs = 0;
    },
  };
}
