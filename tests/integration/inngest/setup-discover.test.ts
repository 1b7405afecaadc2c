// The setup-discover function as the engine runs it: triggered by its three events, reading both
// sandboxes through the tenant's stored connections, storing snapshots and suggestions, and
// leaving a merchant's mapping alone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { completeInstall, startInstall } from "@/lib/brightpearl/install";
import type { OAuthApp } from "@/lib/brightpearl/oauth";
import { loadSnapshots } from "@/lib/setup/snapshots";
import { saveMagentoConnection } from "@/lib/tenants/magento";
import { loadMappings, saveMapping } from "@/lib/tenants/mappings";
import { tenantDb } from "@/lib/tenants/scope";
import { startBrightpearlSandbox } from "@/sandbox/brightpearl/sandbox";
import { startTestEngine, type TestEngine } from "../../fixtures/inngest/engine-harness";
import { uniqueAccount } from "../../helpers/brightpearl";
import { startStores } from "../lib/setup/stores";

const REDIRECT = "http://localhost:3999/api/brightpearl/callback";
const e = env();
// The function reaches Brightpearl through brightpearlFor(), which presents the app's configured
// registration; the sandbox knows that one.
const bp = await startBrightpearlSandbox({ admin: true, app: { appRef: e.BRIGHTPEARL_APP_REF, devRef: e.BRIGHTPEARL_DEV_REF, clientSecret: e.BRIGHTPEARL_CLIENT_SECRET, redirectUris: [REDIRECT] } });
const oauth: OAuthApp = { oauthUrl: bp.url, appRef: e.BRIGHTPEARL_APP_REF, clientSecret: e.BRIGHTPEARL_CLIENT_SECRET, redirectUri: REDIRECT };
const { store } = await startStores();

let engine: TestEngine;
const previousInngestDev = process.env.INNGEST_DEV;

beforeAll(async () => {
  let handle: ((request: Request) => Promise<Response>) | undefined;
  engine = await startTestEngine({
    appUrl: "http://app.test/api/inngest",
    transport: (request) => (handle ? handle(request) : Promise.resolve(new Response("not ready", { status: 503 }))),
  });
  // The client reads where the engine is when it is created.
  process.env.INNGEST_DEV = engine.url;
  const { serve } = await import("inngest/next");
  const { inngest } = await import("@/inngest/client");
  const { setupDiscover } = await import("@/inngest/functions/setup-discover");
  const handlers = serve({ client: inngest, functions: [setupDiscover] }) as unknown as Record<string, (r: Request, c: unknown) => Promise<Response>>;
  handle = (request) => handlers[request.method]!(request, undefined);
  await engine.engine.sync();
});

afterAll(async () => {
  process.env.INNGEST_DEV = previousInngestDev;
  await engine?.cleanup();
  await bp.close();
  await db().$disconnect();
});

async function connectBrightpearl(): Promise<string> {
  const accountCode = uniqueAccount("disc");
  bp.sandbox.control.createAccount({ code: accountCode });
  const started = await startInstall(db(), oauth, accountCode);
  const url = new URL(started.authorizeUrl);
  const form = new URLSearchParams(url.searchParams);
  form.set("decision", "approve");
  const back = new URL((await fetch(`${url.origin}${url.pathname}`, { method: "POST", body: form, redirect: "manual" })).headers.get("location")!);
  const result = await completeInstall(db(), oauth, [new URL(bp.url).host], { state: back.searchParams.get("state"), code: back.searchParams.get("code"), browserNonce: started.browserNonce });
  if (!result.ok) throw new Error(`install failed: ${result.problem}`);
  return result.tenant.id;
}

async function run(name: string, tenantId: string) {
  const [eventId] = await engine.engine.send({ name, data: { tenantId, reason: "test" } });
  const runs = await engine.engine.reads.runsForEvent(eventId!);
  expect(runs).toHaveLength(1);
  return engine.engine.waitForRun(runs[0]!.id);
}

describe("setup-discover", () => {
  it("after Brightpearl connects, reads Brightpearl only and suggests nothing yet", async () => {
    const tenantId = await connectBrightpearl();
    const finished = await run("brightpearl/tenant.connected", tenantId);
    expect(finished.status).toBe("completed");
    expect(finished.output).toEqual({ magento: "not-connected", brightpearl: "read", suggested: 0 });
    const snapshots = await loadSnapshots(tenantDb(tenantId));
    expect(snapshots.magento).toBeNull();
    expect(snapshots.brightpearl?.data?.warehouses.length).toBe(2);
  });

  it("once Magento is connected, stores both snapshots and the suggestions, and a refresh keeps the merchant's choice", async () => {
    const tenantId = await connectBrightpearl();
    const scoped = tenantDb(tenantId);
    const s = store({ orders: { count: 20, seed: 8, currencies: ["GBP"] } });
    await saveMagentoConnection(scoped, tenantId, { baseUrl: s.baseUrl, storeCode: "default", credentials: s.credentials, verifiedAt: new Date() });

    const first = await run("magento/connection.verified", tenantId);
    expect(first.status).toBe("completed");
    expect(first.output).toMatchObject({ magento: "read", brightpearl: "read" });
    const mappings = await loadMappings(scoped);
    expect(mappings["store-view"].get("default")).toMatchObject({ target: { channelId: 2, priceListId: 2 }, suggested: true });
    expect(mappings["tax-rate"].get("20")).toMatchObject({ target: { taxCode: "T" }, suggested: true });
    // orders held for a missing mapping get another go
    const announced = await engine.engine.reads.listEvents({ name: "setup/changed", limit: 50 });
    expect(announced.filter((ev) => (ev.data as { tenantId?: string }).tenantId === tenantId)).toHaveLength(1);

    await saveMapping(scoped, tenantId, "store-view", "default", { channelId: 1, priceListId: 3 });
    const refreshed = await run("setup/discovery.requested", tenantId);
    expect(refreshed.status).toBe("completed");
    expect(refreshed.output).toMatchObject({ suggested: 0 });
    expect((await engine.engine.reads.listEvents({ name: "setup/changed", limit: 50 })).filter((ev) => (ev.data as { tenantId?: string }).tenantId === tenantId)).toHaveLength(1);
    expect((await loadMappings(scoped))["store-view"].get("default")).toMatchObject({ target: { channelId: 1, priceListId: 3 }, suggested: false });
  });

  it("listens to its three events and runs one discovery at a time per tenant", async () => {
    const fn = engine.engine.functions().find((f) => f.id.endsWith("setup-discover"));
    expect(fn?.eventTriggers.map((t) => t.event).sort()).toEqual(["brightpearl/tenant.connected", "magento/connection.verified", "setup/discovery.requested"]);
    expect(fn?.config.concurrency).toEqual({ key: "event.data.tenantId", limit: 1 });
  });
});
