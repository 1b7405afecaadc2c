// What the benchmarks share: a database (embedded unless DATABASE_URL is set), the app's
// configuration pointed at in-process sandboxes, the local engine driving the app's real serve
// route, and a tenant connected through the real OAuth flow. Run with
// `tsx --conditions=react-server` so the app's server-only modules load outside Next.js.
import { randomBytes } from "node:crypto";
import { startEmbeddedPostgres } from "../../scripts/lib/embedded-postgres";
import { migrateDeploy } from "../../scripts/lib/prisma";
import { startBrightpearlSandbox, type StartedBrightpearlSandbox } from "../../sandbox/brightpearl/sandbox";
import { InngestEngine } from "../../sandbox/inngest/engine";
import { startMagentoSandbox } from "../../sandbox/magento/sandbox";

export const APP = { appRef: "bench-app", devRef: "bench-dev", clientSecret: "bench-secret" };
const REDIRECT = "http://localhost:3999/api/brightpearl/callback";

export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

export async function startBench(options: { perMinute: number; timeScale?: number }) {
  const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres();
  const databaseUrl = process.env.DATABASE_URL ?? embedded!.url;
  await migrateDeploy(databaseUrl);

  const bp: StartedBrightpearlSandbox = await startBrightpearlSandbox({ admin: true, app: { ...APP, redirectUris: [REDIRECT] }, throttle: { limit: options.perMinute, windowMs: 60_000 } });
  const mg = await startMagentoSandbox({ admin: true, log: () => {} });
  const schema = `inngest_bench_${Date.now().toString(36)}`;
  let route: Record<string, (r: Request) => Promise<Response>> | undefined;
  const engine = new InngestEngine({
    databaseUrl,
    schema,
    appUrl: "http://connector.local/api/inngest",
    timeScale: options.timeScale ?? 1,
    logger: { info: () => {}, warn: () => {}, error: (l) => console.error(l) },
    transport: (request) => (route ? route[request.method]!(request) : Promise.resolve(new Response("not ready", { status: 503 }))),
  });
  await engine.start({ port: 0 });

  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: embedded ? "4" : "10",
    CONNECTOR_MODE: "sandbox",
    APP_URL: "http://localhost:3999",
    ENCRYPTION_KEYS: `bench:${randomBytes(32).toString("base64")}`,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    INNGEST_DEV: engine.url,
    BRIGHTPEARL_APP_REF: APP.appRef,
    BRIGHTPEARL_DEV_REF: APP.devRef,
    BRIGHTPEARL_CLIENT_SECRET: APP.clientSecret,
    BRIGHTPEARL_OAUTH_URL: bp.url,
    BRIGHTPEARL_API_HOSTS: new URL(bp.url).host,
    BRIGHTPEARL_REQUESTS_PER_MINUTE: String(options.perMinute),
    LOG_LEVEL: "error",
  });
  route = (await import("../../app/api/inngest/route")) as unknown as Record<string, (r: Request) => Promise<Response>>;
  await engine.sync();

  const stop = async () => {
    await engine.stop({ timeoutMs: 5_000 });
    await bp.close();
    await mg.close();
    const { db } = await import("../../lib/db");
    await db().$disconnect();
    await embedded?.stop();
  };
  return { bp, mg, engine, stop, fnId: (name: string) => `brightpearl-magento-connector-${name}` };
}

/** A Brightpearl account connected as a tenant through the real authorization flow. */
export async function connectTenant(bp: StartedBrightpearlSandbox, accountCode: string) {
  const { db } = await import("../../lib/db");
  const { startInstall, completeInstall } = await import("../../lib/brightpearl/install");
  const app = { oauthUrl: bp.url, appRef: APP.appRef, clientSecret: APP.clientSecret, redirectUri: REDIRECT };
  bp.sandbox.control.createAccount({ code: accountCode });
  const started = await startInstall(db(), app, accountCode);
  const url = new URL(started.authorizeUrl);
  const form = new URLSearchParams(url.searchParams);
  form.set("decision", "approve");
  const back = new URL((await fetch(`${url.origin}${url.pathname}`, { method: "POST", body: form, redirect: "manual" })).headers.get("location")!);
  const result = await completeInstall(db(), app, [new URL(bp.url).host], { state: back.searchParams.get("state"), code: back.searchParams.get("code"), browserNonce: started.browserNonce });
  if (!result.ok) throw new Error(`install failed: ${result.problem}`);
  return result.tenant;
}

export { peakPerMinute, percentile } from "./request-rate";

type MagentoSandbox = Awaited<ReturnType<typeof startMagentoSandbox>>;

/**
 * A Brightpearl account connected as a tenant, with a new Magento sandbox store (the given
 * catalogue) connected and verified: what every benchmark starts from.
 */
export async function benchTenant(bench: { bp: StartedBrightpearlSandbox; mg: MagentoSandbox }, accountCode: string, catalogue: NonNullable<Parameters<MagentoSandbox["sandbox"]["createInstance"]>[0]>["catalogue"]) {
  const tenant = await connectTenant(bench.bp, accountCode);
  const { tenantDb } = await import("../../lib/tenants/scope");
  const { saveMagentoConnection } = await import("../../lib/tenants/magento");
  const scoped = tenantDb(tenant.id);
  const instance = bench.mg.sandbox.createInstance({ integrations: [{ name: "bench", resources: "all" }], catalogue });
  const integration = instance.state.integrations[0]!;
  await saveMagentoConnection(scoped, tenant.id, {
    baseUrl: bench.mg.sandbox.baseUrlOf(instance.id),
    storeCode: "default",
    credentials: { consumerKey: integration.consumerKey, consumerSecret: integration.consumerSecret, accessToken: integration.accessToken, accessTokenSecret: integration.accessTokenSecret },
    verifiedAt: new Date(),
  });
  return { tenant, scoped, instance };
}

/** N products on both sides (stock 25 in warehouse 2, mapped to Magento's default source), for the stock benchmarks. */
export async function stockBenchTenant(bench: { bp: StartedBrightpearlSandbox; mg: MagentoSandbox }, accountCode: string, skus: number) {
  const setup = await benchTenant(bench, accountCode, { count: skus, missing: [], extra: 0, configurables: 0, bundles: 0 });
  const products: { productId: number; sku: string }[] = [];
  for (let start = 1; start <= skus; start += 10_000) products.push(...bench.bp.sandbox.control.seedProducts(accountCode, { count: Math.min(10_000, skus - start + 1), startIndex: start, stock: { 2: 25 } }));
  const { saveMapping } = await import("../../lib/tenants/mappings");
  await saveMapping(setup.scoped, setup.tenant.id, "source-warehouses", "default", { warehouseIds: [2] });
  return { ...setup, products };
}
