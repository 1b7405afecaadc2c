// Starts the product as a merchant would meet it — the built Next.js app (next start), the two
// sandboxes and the local Inngest engine — on free ports, for the browser tests.
import type { TestProject } from "vitest/node";
import { freePort } from "../../scripts/lib/free-port";
import { bin, ROOT } from "../../scripts/lib/paths";
import { ProcessGroup, waitForHttp } from "../../scripts/lib/processes";
import { sandboxAppEnv, startSandboxServices, urls, type StackPorts } from "../../scripts/lib/stack";

declare module "vitest" {
  export interface ProvidedContext {
    appUrl: string;
    brightpearlUrl: string;
    magentoUrl: string;
    engineUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const ports: StackPorts = { app: await freePort(), brightpearl: await freePort(), magento: await freePort(), engine: await freePort() };
  // Schedules run when a test sends their event, never on the wall clock: a run crossing the hour
  // would otherwise refresh tokens or poll in the middle of a test.
  const env = sandboxAppEnv(ports, { ...process.env, NODE_ENV: "production", INNGEST_ENGINE_CRONS: "manual" }, true);
  const quiet = !process.env.E2E_VERBOSE;
  let failed: string | undefined;
  const group = new ProcessGroup((service, code) => (failed = `${service.name} exited with code ${code}`));
  startSandboxServices(group, ports, env, { quiet });
  const web = group.start("web", bin("next"), ["start", "--port", String(ports.app)], { env, cwd: ROOT, quiet });
  const u = urls(ports);
  try {
    await Promise.all([
      waitForHttp(`${u.app}/api/health`, 90_000, () => failed !== undefined || web.child.exitCode !== null),
      waitForHttp(`${u.brightpearl}/health`, 30_000, () => failed !== undefined),
      waitForHttp(`${u.magento}/health`, 30_000, () => failed !== undefined),
      waitForHttp(`${u.engine}/health`, 30_000, () => failed !== undefined),
    ]);
  } catch (error) {
    await group.stopAll();
    throw new Error(`the end-to-end stack did not start: ${failed ?? (error as Error).message} (E2E_VERBOSE=1 shows its logs)`);
  }
  project.provide("appUrl", u.app);
  project.provide("brightpearlUrl", u.brightpearl);
  project.provide("magentoUrl", u.magento);
  project.provide("engineUrl", u.engine);
  return async () => {
    await group.stopAll();
  };
}
