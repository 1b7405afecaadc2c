// Set-up shortcuts for the end-to-end tests: a Magento sandbox store, the tenant's Magento
// connection saved the way the connection page saves it, and a discovery run waited for.
import { inject } from "vitest";
import { saveMagentoConnection } from "@/lib/tenants/magento";
import { tenantDb } from "@/lib/tenants/scope";
import { waitUntil } from "./stack";

export type SandboxStore = { id: string; baseUrl: string; credentials: { consumerKey: string; consumerSecret: string; accessToken: string; accessTokenSecret: string } };

let counter = 0;

/** A new instance in the stack's Magento sandbox (body as its control API takes it). */
export async function createMagentoStore(body: Record<string, unknown> = {}): Promise<SandboxStore> {
  const id = `e2e${Date.now().toString(36)}${++counter}`;
  const response = await fetch(`${inject("magentoUrl")}/__sandbox/instances`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ id, integrations: [{ name: "connector", resources: "all" }], catalogue: { count: 30 }, ...body }),
  });
  if (!response.ok) throw new Error(`magento sandbox refused the store: ${response.status} ${await response.text()}`);
  const created = (await response.json()) as { id: string; baseUrl: string; integrations: SandboxStore["credentials"][] };
  return { id: created.id, baseUrl: created.baseUrl, credentials: created.integrations[0]! };
}

/** Saves a verified Magento connection for the tenant, as the connection page does after its checks. */
export async function connectMagento(tenantId: string, store: SandboxStore): Promise<void> {
  const { consumerKey, consumerSecret, accessToken, accessTokenSecret } = store.credentials;
  await saveMagentoConnection(tenantDb(tenantId), tenantId, {
    baseUrl: store.baseUrl,
    storeCode: "default",
    credentials: { consumerKey, consumerSecret, accessToken, accessTokenSecret },
    verifiedAt: new Date(),
  });
}

type ApiRun = { run_id: string; status: "Running" | "Completed" | "Failed" | "Cancelled"; output: unknown; error: unknown };

/** Sends an event to the engine and resolves with the runs it started once they have all finished. */
export async function runToCompletion(name: string, data: Record<string, unknown>, timeoutMs = 30_000): Promise<ApiRun[]> {
  const engine = inject("engineUrl");
  const sent = await fetch(`${engine}/e/e2e`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name, data }) });
  if (!sent.ok) throw new Error(`engine refused the event: ${sent.status}`);
  const [eventId] = ((await sent.json()) as { ids: string[] }).ids;
  return waitUntil(
    `the runs of ${name}`,
    async () => {
      const runs = ((await (await fetch(`${engine}/v1/events/${eventId}/runs`)).json()) as { data: ApiRun[] }).data;
      return runs.length > 0 && runs.every((r) => r.status !== "Running") ? runs : undefined;
    },
    timeoutMs,
  );
}

/** Reads both sides for the tenant (as the Refresh button does) and waits for the run to finish. */
export async function discover(tenantId: string): Promise<unknown> {
  const runs = await runToCompletion("setup/discovery.requested", { tenantId, reason: "e2e" });
  const run = runs[0]!;
  if (run.status !== "Completed") throw new Error(`discovery ${run.status}: ${JSON.stringify(run.error)}`);
  return run.output;
}

/** Stores a mapping row directly (for tests that need a tenant's data without a discovery run). */
export async function plantMapping(tenantId: string, kind: string, sourceKey: string, target: Record<string, string | number | boolean | number[]>, suggested = false): Promise<void> {
  await tenantDb(tenantId).mapping.upsert({
    where: { tenantId_kind_sourceKey: { tenantId, kind, sourceKey } },
    create: { tenantId, kind, sourceKey, target, suggested },
    update: { target, suggested },
  });
}

/** Waits until the tenant's Brightpearl set-up has been read (the run after connecting does it). */
export async function brightpearlRead(tenantId: string): Promise<void> {
  await waitUntil("the Brightpearl set-up to be read", async () => (await tenantDb(tenantId).discoverySnapshot.findFirst({ where: { system: "BRIGHTPEARL", error: null } })) !== null, 30_000);
}
