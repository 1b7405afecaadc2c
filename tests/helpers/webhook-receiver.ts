// The app's public address for Brightpearl's webhook deliveries, outside Next.js: each POST goes to
// the real receiver route. Used by the integration stacks and the stock benchmark.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Listens on 127.0.0.1:`port` (0: any free port); a route that throws answers 500 with the error. */
export async function startWebhookReceiver(port = 0): Promise<{ url: string; close: () => Promise<void> }> {
  const receiver = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const match = /^\/api\/brightpearl\/webhooks\/([^/]+)$/.exec(url.pathname);
      if (!match || req.method !== "POST") {
        res.writeHead(404).end();
        return;
      }
      const { POST } = await import("../../app/api/brightpearl/webhooks/[tenantId]/route");
      const request = new NextRequest(url.toString(), { method: "POST", body: await bodyOf(req), headers: { "content-type": "application/json" } });
      const answer = await POST(request, { params: Promise.resolve({ tenantId: match[1]! }) });
      res.writeHead(answer.status, { "content-type": "application/json" }).end(await answer.text());
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
  await new Promise<void>((resolve) => receiver.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => receiver.close(() => resolve())),
  };
}
