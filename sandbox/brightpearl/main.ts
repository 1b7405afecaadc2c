// Runs the Brightpearl sandbox as a process (npm run dev, the end-to-end stack). Configuration in
// env.ts; state in memory, with a JSON snapshot in SANDBOX_DATA_DIR when set.
import { ADMIN_PREFIX, adminEnabled } from "../shared/admin";
import { listen } from "../shared/serve";
import { demoWanted, parseSandboxEnv, SandboxConfigError, type SandboxEnv } from "./env";
import { DEFAULT_SHIP_AFTER_MS } from "./autopilot";
import { DEMO_ACCOUNT, seedDemo } from "./demo";
import { createBrightpearlSandbox } from "./sandbox";

let env: SandboxEnv;
try {
  env = parseSandboxEnv(process.env);
} catch (error) {
  if (error instanceof SandboxConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

const demo = demoWanted(env, process.env.NODE_ENV);
let sandbox;
try {
  sandbox = createBrightpearlSandbox({
    app: { appRef: env.SANDBOX_APP_REF, devRef: env.SANDBOX_DEV_REF, clientSecret: env.SANDBOX_CLIENT_SECRET, redirectUris: env.SANDBOX_REDIRECT_URI, offUrl: env.SANDBOX_APP_OFF_URL },
    publicUrl: env.PUBLIC_URL,
    dataDir: env.SANDBOX_DATA_DIR,
    throttle: { ...(env.SANDBOX_THROTTLE_LIMIT ? { limit: env.SANDBOX_THROTTLE_LIMIT } : {}), ...(env.SANDBOX_THROTTLE_WINDOW_MS ? { windowMs: env.SANDBOX_THROTTLE_WINDOW_MS } : {}) },
    seed: demo ? seedDemo : undefined,
    log: (line) => console.log(line),
  });
} catch (error) {
  process.stderr.write(`Could not start the Brightpearl sandbox: ${(error as Error).message}\n`);
  process.exit(1);
}
// A snapshot from before the demo was wanted still gets the demo account.
if (demo) seedDemo(sandbox.control);

const server = await listen(sandbox.app, env.PORT);
const publicUrl = env.PUBLIC_URL ?? server.url;
if (!env.PUBLIC_URL) sandbox.control.configure({ publicUrl });
console.log(`listening on ${server.url}`);
if (demo) console.log(`demo account "${DEMO_ACCOUNT}": ${publicUrl}/authorize/${DEMO_ACCOUNT}?response_type=code&client_id=${env.SANDBOX_APP_REF}&redirect_uri=${encodeURIComponent(env.SANDBOX_REDIRECT_URI[0]!)}`);
if (adminEnabled()) console.log(`control API: ${publicUrl}${ADMIN_PREFIX}`);
if (env.SANDBOX_AUTOPILOT === "on" && demo) {
  sandbox.control.startAutopilot(DEMO_ACCOUNT);
  console.log(`demo autopilot on: orders the connector creates in "${DEMO_ACCOUNT}" ship after ${DEFAULT_SHIP_AFTER_MS / 1000} s`);
}

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void sandbox.close().then(() => server.close()).then(() => process.exit(0));
  });
}
