// The control API over HTTP, under ADMIN_PREFIX (/__sandbox): the in-process control object's
// methods for tests running in another process, demos and benchmarks.
import { Hono, type Context } from "hono";
import { z } from "zod";
import { faultRuleSchema } from "../../shared/faults";
import { productBodySchema, priceBodySchema } from "../domain/products";
import { ApiError } from "../http/errors";
import { createAccountSchema } from "../state/accounts";
import { seedCustomerSchema, seedProductsSchema } from "../state/seed";
import { webhookFaultSchema } from "../webhooks/faults";
import { configPatchSchema, dropShipCreateSchema, dropShipShipSchema, receiveGoodsInSchema, shipGoodsOutSchema, stockChangeSchema, type BrightpearlControl } from "./control";

async function input<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const text = await c.req.text();
  let value: unknown = undefined;
  if (text.trim()) {
    try {
      value = JSON.parse(text);
    } catch {
      throw new ApiError(400, [{ code: "SBX-400", message: "The body is not valid JSON" }]);
    }
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ApiError(400, [{ code: "SBX-400", message: `${issue.path.join(".") || "body"}: ${issue.message}` }]);
  }
  return parsed.data;
}

const id = (raw: string) => {
  if (!/^\d+$/.test(raw)) throw new ApiError(400, [{ code: "SBX-400", message: `"${raw}" is not an id` }]);
  return Number(raw);
};

const optionalAccount = z.object({ account: z.string().optional() }).default({});

export function controlRoutes(control: BrightpearlControl): Hono {
  const app = new Hono();

  app.get("/config", (c) => c.json(control.config));
  app.patch("/config", async (c) => c.json(control.configure(await input(c, configPatchSchema))));

  app.get("/accounts", (c) => c.json(control.listAccounts().map((code) => control.summary(code))));
  app.post("/accounts", async (c) => {
    const account = control.createAccount(await input(c, createAccountSchema));
    return c.json(control.summary(account.code), 201);
  });
  app.get("/accounts/:code", (c) => c.json(control.summary(c.req.param("code"))));
  app.get("/accounts/:code/state", (c) => c.json(control.account(c.req.param("code"))));
  app.delete("/accounts/:code", (c) => {
    control.deleteAccount(c.req.param("code"));
    return c.json({ deleted: c.req.param("code") });
  });

  app.post("/accounts/:code/products", async (c) => c.json({ products: control.seedProducts(c.req.param("code"), await input(c, seedProductsSchema)) }, 201));
  app.put("/accounts/:code/products/:id", async (c) => c.json(control.updateProduct(c.req.param("code"), id(c.req.param("id")), await input(c, productBodySchema))));
  app.put("/accounts/:code/products/:id/prices", async (c) => {
    control.setPrices(c.req.param("code"), id(c.req.param("id")), await input(c, priceBodySchema));
    return c.json({ ok: true });
  });
  app.post("/accounts/:code/customers", async (c) => c.json({ contactId: control.createCustomer(c.req.param("code"), await input(c, seedCustomerSchema)) }, 201));
  app.post("/accounts/:code/stock", async (c) => c.json(control.setStock(c.req.param("code"), await input(c, stockChangeSchema))));

  app.post("/accounts/:code/goods-out-notes/ship", async (c) => c.json(control.shipGoodsOut(c.req.param("code"), await input(c, shipGoodsOutSchema))));
  app.post("/accounts/:code/goods-in-notes", async (c) => c.json(control.receiveGoodsIn(c.req.param("code"), await input(c, receiveGoodsInSchema)), 201));
  app.post("/accounts/:code/drop-ship-notes", async (c) => c.json({ dropShipNoteId: control.createDropShipNote(c.req.param("code"), await input(c, dropShipCreateSchema)) }, 201));
  app.post("/accounts/:code/drop-ship-notes/ship", async (c) => c.json({ dropShipNoteId: control.shipDropShip(c.req.param("code"), await input(c, dropShipShipSchema)) }));
  app.put("/accounts/:code/orders/:id/status", async (c) => {
    const b = await input(c, z.object({ orderStatusId: z.number().int(), note: z.string().optional() }));
    control.setOrderStatus(c.req.param("code"), id(c.req.param("id")), b.orderStatusId, b.note);
    return c.json({ ok: true });
  });
  app.post("/accounts/:code/orders/:id/invoice", async (c) => {
    const b = await input(c, z.object({ taxDate: z.string().optional() }).default({}));
    control.invoiceOrder(c.req.param("code"), id(c.req.param("id")), b.taxDate);
    return c.json({ ok: true });
  });

  app.post("/accounts/:code/authorization-code", async (c) => {
    const b = await input(c, z.object({ redirectUri: z.string().optional() }).default({}));
    return c.json({ code: control.issueAuthorizationCode(c.req.param("code"), b.redirectUri) }, 201);
  });
  app.post("/accounts/:code/tokens", (c) => c.json(control.issueTokens(c.req.param("code")), 201));
  app.post("/accounts/:code/revoke", async (c) => {
    const b = await input(c, z.object({ installationId: z.number().int().optional() }).default({}));
    return c.json({ revoked: control.revokeInstallation(c.req.param("code"), b.installationId) });
  });
  app.get("/autopilot", (c) => c.json(control.autopilotStatus()));
  app.post("/accounts/:code/autopilot", async (c) => {
    const b = await input(c, z.object({ enabled: z.boolean(), shipAfterSeconds: z.number().positive().max(86_400).optional() }));
    const code = c.req.param("code");
    if (!b.enabled) return c.json({ stopped: control.stopAutopilot(code) });
    return c.json(control.startAutopilot(code, b.shipAfterSeconds === undefined ? undefined : b.shipAfterSeconds * 1000));
  });
  app.post("/accounts/:code/app-off", async (c) => c.json(await control.turnAppOff(c.req.param("code"))));
  app.post("/tokens/expire", async (c) => c.json({ expired: control.expireAccessTokens((await input(c, optionalAccount)).account) }));

  app.get("/throttle/:account", (c) => c.json(control.throttleState(c.req.param("account"))));
  app.post("/throttle/reset", async (c) => {
    control.resetThrottle((await input(c, optionalAccount)).account);
    return c.json({ ok: true });
  });

  app.get("/faults", (c) => c.json(control.faults.list()));
  app.post("/faults", async (c) => c.json(control.faults.add(await input(c, faultRuleSchema)), 201));
  app.delete("/faults", (c) => {
    control.faults.clear();
    return c.json({ ok: true });
  });
  app.delete("/faults/:id", (c) => c.json({ removed: control.faults.remove(c.req.param("id")) }));

  app.get("/webhook-faults", (c) => c.json(control.webhookFaults.list()));
  app.post("/webhook-faults", async (c) => c.json(control.webhookFaults.add(await input(c, webhookFaultSchema)), 201));
  app.delete("/webhook-faults", (c) => {
    control.webhookFaults.clear();
    return c.json({ ok: true });
  });
  app.delete("/webhook-faults/:id", (c) => c.json({ removed: control.webhookFaults.remove(c.req.param("id")) }));

  const logFilter = (c: Context) => {
    const since = c.req.query("since");
    return { account: c.req.query("account"), since: since === undefined ? undefined : Number(since) };
  };
  app.get("/requests", (c) => {
    const filter = logFilter(c);
    const counts = control.requests.counts(filter);
    const route = c.req.query("route");
    return c.json(c.req.query("entries") === "true" ? { ...counts, entries: control.requests.list({ ...filter, route }) } : counts);
  });
  app.delete("/requests", (c) => {
    control.requests.clear();
    return c.json({ ok: true });
  });

  app.get("/webhook-deliveries", (c) => {
    const webhookId = c.req.query("webhookId");
    return c.json(control.deliveries.list({ ...logFilter(c), event: c.req.query("event"), webhookId: webhookId === undefined ? undefined : Number(webhookId) }));
  });
  app.delete("/webhook-deliveries", (c) => {
    control.deliveries.clear();
    return c.json({ ok: true });
  });
  app.post("/webhook-deliveries/flush", async (c) => {
    control.flushWebhooks();
    if (c.req.query("wait") === "true") await control.webhooksIdle();
    return c.json({ ok: true });
  });

  app.post("/reset", async (c) => {
    const b = await input(c, z.object({ reseed: z.boolean().optional() }).default({}));
    control.reset(b);
    return c.json({ ok: true });
  });

  return app;
}
