// POST /public-api/{account}/multi-message: up to 10 destructive calls (POST, PUT, DELETE) in one
// request, run in order or in parallel, stopping at or continuing past a failure. The whole batch
// counts as one request against the throttle (a public client says so; UNVERIFIED).
import { Hono } from "hono";
import { z } from "zod";
import { invalid } from "../http/errors";
import { internalRequests } from "../http/gateway";
import { body, type ApiEnv } from "../http/request";

export const MULTI_MESSAGE_MAX = 10;

const schema = z.object({
  processingMode: z.enum(["SEQUENTIAL", "PARALLEL"]),
  onFail: z.enum(["STOP", "CONTINUE"]),
  messages: z
    .array(z.object({ label: z.string().min(1), uri: z.string().startsWith("/"), httpMethod: z.string(), body: z.unknown().optional() }))
    .min(1)
    .max(MULTI_MESSAGE_MAX, `at most ${MULTI_MESSAGE_MAX} messages`),
});

type Processed = { label: string; statusCode: number; body: { content: string } };

export function multiMessage(dispatch: (req: Request) => Promise<Response>): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.post("/multi-message", async (c) => {
    const req = await body(c, schema);
    if (req.processingMode === "PARALLEL" && req.onFail === "STOP") throw invalid("CMNC-050", "PARALLEL processing cannot be combined with onFail STOP");
    const labels = new Set<string>();
    for (const m of req.messages) {
      const method = m.httpMethod.toUpperCase();
      if (!["POST", "PUT", "DELETE"].includes(method)) throw invalid("CMNC-051", `Message ${m.label}: only POST, PUT and DELETE messages are allowed, not ${m.httpMethod}`);
      if (m.uri.startsWith("/multi-message")) throw invalid("CMNC-051", `Message ${m.label}: multi-messages cannot be nested`);
      if (labels.has(m.label)) throw invalid("CMNC-052", `Duplicate message label ${m.label}`);
      labels.add(m.label);
    }
    const account = c.req.param("account");
    const origin = new URL(c.req.url).origin;
    const headers: Record<string, string> = { "content-type": "application/json" };
    for (const h of ["authorization", "brightpearl-app-ref", "brightpearl-dev-ref"]) {
      const v = c.req.header(h);
      if (v !== undefined) headers[h] = v;
    }
    const run = async (m: (typeof req.messages)[number]): Promise<Processed> => {
      const method = m.httpMethod.toUpperCase();
      const inner = new Request(`${origin}/public-api/${account}${m.uri}`, {
        method,
        headers,
        body: method === "DELETE" || m.body === undefined ? undefined : JSON.stringify(m.body),
      });
      internalRequests.add(inner);
      const res = await dispatch(inner);
      return { label: m.label, statusCode: res.status, body: { content: await res.text() } };
    };
    const processed: Processed[] = [];
    const unprocessed: string[] = [];
    if (req.processingMode === "PARALLEL") {
      processed.push(...(await Promise.all(req.messages.map(run))));
    } else {
      let stopped = false;
      for (const m of req.messages) {
        if (stopped) {
          unprocessed.push(m.label);
          continue;
        }
        const result = await run(m);
        processed.push(result);
        if (req.onFail === "STOP" && (result.statusCode < 200 || result.statusCode >= 300)) stopped = true;
      }
    }
    const allOk = unprocessed.length === 0 && processed.every((p) => p.statusCode >= 200 && p.statusCode < 300);
    // UNVERIFIED: 200 only when every message succeeded, 207 otherwise.
    return c.json({ response: { processedMessages: processed, unprocessedMessages: unprocessed } }, allOk ? 200 : 207);
  });
  return app;
}
