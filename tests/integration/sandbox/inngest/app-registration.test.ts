// Syncs the product's real serve route (app/api/inngest/route.ts) with the engine.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEngine } from "@/tests/fixtures/inngest/engine-harness";
import { nextCronTime, parseCron } from "@/sandbox/inngest/time/cron";

const APP_URL = "http://connector.local/api/inngest";

describe("syncing the app's real serve route", () => {
  const savedDev = process.env.INNGEST_DEV;
  let h: Awaited<ReturnType<typeof startTestEngine>>;
  let route: typeof import("@/app/api/inngest/route");

  beforeAll(async () => {
    h = await startTestEngine({
      appUrl: APP_URL,
      transport: (request) => (route as unknown as Record<string, (r: Request) => Promise<Response>>)[request.method]!(request),
    });
    // What `npm run dev` gives the app; the SDK reads it when the route is created.
    process.env.INNGEST_DEV = h.url;
    route = await import("@/app/api/inngest/route");
  });

  afterAll(async () => {
    await h?.cleanup();
    if (savedDev === undefined) delete process.env.INNGEST_DEV;
    else process.env.INNGEST_DEV = savedDev;
  });

  it("registers every function the app serves, with its cron and concurrency configuration", async () => {
    const { functions } = await import("@/inngest/functions");
    const { inngest } = await import("@/inngest/client");

    await h.engine.sync();

    const registered = h.engine.functions().map((f) => f.id);
    expect(registered.sort()).toEqual(functions.map((f) => f.id(inngest.id)).sort());
    const prune = h.engine.function(`${inngest.id}-maintenance-prune-history`);
    expect(prune?.url).toContain(APP_URL);
    expect(prune?.config.triggers).toEqual(expect.arrayContaining([{ cron: "TZ=UTC 30 3 * * *" }, { event: "system/history.prune.requested" }]));
    expect(prune?.config.concurrency).toEqual({ limit: 1 });
    const cron = h.engine.cronSchedule().find((c) => c.functionId === prune?.id);
    expect(cron?.nextAt).toBe(nextCronTime(parseCron("TZ=UTC 30 3 * * *"), Date.now()));
    expect(new Date(cron!.nextAt).toISOString()).toMatch(/T03:30:00\.000Z$/);
  });

  it("lists the registration through the API and keeps it for the next engine on the schema", async () => {
    const listed = (await (await fetch(`${h.url}/v1/functions`)).json()) as { data: { id: string }[]; apps: { app_id: string; url: string }[] };
    expect(listed.apps).toEqual([expect.objectContaining({ app_id: "brightpearl-magento-connector", url: APP_URL })]);

    const next = await h.restart();

    expect(next.functions().map((f) => f.id).sort()).toEqual(listed.data.map((f) => f.id).sort());
  });

  it("logs a sync once, not on every unchanged re-sync", async () => {
    const before = h.logger.lines.filter((l) => l.startsWith("synced ")).length;
    await h.engine.sync();
    await h.engine.sync();
    expect(h.logger.lines.filter((l) => l.startsWith("synced ")).length).toBe(before);
  });
});
