// The product's real serve route driven by the local engine in-process, configured for a
// Brightpearl sandbox started by the test. The app reads its configuration once, so the
// variables are set before the route is first imported.
import { afterAll } from "vitest";
import { startTestEngine, type TestEngine } from "@/tests/fixtures/inngest/engine-harness";
import type { BrightpearlHarness } from "./brightpearl";
import { TEST_APP } from "./brightpearl";

export const APP_SERVE_URL = "http://connector.local/api/inngest";

/** `timeScale` 0 makes sleeps instant; 1 keeps them real, for flows whose waits are the point. */
export async function startAppEngine(
  bp: BrightpearlHarness,
  env: Record<string, string> = {},
  options: { timeScale?: number } = {},
): Promise<TestEngine & { fnId: (name: string) => string }> {
  let route: Record<string, (r: Request) => Promise<Response>> | undefined;
  const engine = await startTestEngine({
    appUrl: APP_SERVE_URL,
    timeScale: options.timeScale ?? 0,
    // Schedules fire when a test ticks them, never on the wall clock: a run crossing the hour would
    // otherwise refresh tokens or poll in the middle of a test.
    crons: "manual",
    transport: (request) => (route ? route[request.method]!(request) : Promise.resolve(new Response("not ready", { status: 503 }))),
  });
  Object.assign(process.env, {
    INNGEST_DEV: engine.url,
    BRIGHTPEARL_APP_REF: TEST_APP.appRef,
    BRIGHTPEARL_DEV_REF: TEST_APP.devRef,
    BRIGHTPEARL_CLIENT_SECRET: TEST_APP.clientSecret,
    BRIGHTPEARL_OAUTH_URL: bp.app.oauthUrl,
    BRIGHTPEARL_API_HOSTS: bp.apiHosts.join(","),
    ...env,
  });
  route = (await import("@/app/api/inngest/route")) as unknown as Record<string, (r: Request) => Promise<Response>>;
  await engine.engine.sync();
  afterAll(() => engine.cleanup());
  return Object.assign(engine, { fnId: (name: string) => `brightpearl-magento-connector-${name}` });
}
