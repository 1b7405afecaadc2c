// `npm run dev` / the test stack start the Magento sandbox here: configuration from the environment,
// the demo-seeded default instance (or the last snapshot), and the credentials a newcomer needs.
import { z } from "zod";
import { ADMIN_PREFIX } from "../shared/admin";
import { DEFAULT_ORDER_EVERY_MS } from "./autopilot";
import { seedDemo } from "./demo-seed";
import { startMagentoSandbox } from "./sandbox";
import { loadSnapshot, persistPeriodically, SNAPSHOT_FILE } from "./snapshot-file";

const blankIsUnset = (value: unknown) => (value === "" ? undefined : value);

const envSchema = z.object({
  PORT: z.preprocess(blankIsUnset, z.coerce.number({ message: "expected a TCP port number" }).int().min(0).max(65535).default(3002)),
  PUBLIC_URL: z.preprocess(blankIsUnset, z.url({ message: "expected an http(s) URL, e.g. http://localhost:3002" }).optional()),
  SANDBOX_DATA_DIR: z.preprocess(blankIsUnset, z.string().optional()),
  SANDBOX_ADMIN: z.preprocess(blankIsUnset, z.enum(["on", "off"], { message: 'expected "on" or "off"' }).optional()),
  SANDBOX_AUTOPILOT: z.preprocess(blankIsUnset, z.enum(["on", "off"], { message: 'expected "on" or "off"' }).default("off")),
});

const parsed = envSchema.safeParse(process.env);
if (!parsed.success) {
  const issue = parsed.error.issues[0]!;
  process.stderr.write(`Configuration error: ${issue.path.join(".")} is invalid; ${issue.message}.\n`);
  process.exit(1);
}
const env = parsed.data;

const { url, close, sandbox } = await startMagentoSandbox({
  port: env.PORT,
  publicUrl: env.PUBLIC_URL,
  seedDefault: seedDemo,
  log: (line) => process.stderr.write(`${line}\n`),
});

let stopPersisting = () => {};
if (env.SANDBOX_DATA_DIR) {
  try {
    if (loadSnapshot(sandbox, env.SANDBOX_DATA_DIR)) console.log(`state loaded from ${env.SANDBOX_DATA_DIR}/${SNAPSHOT_FILE}`);
  } catch (error) {
    process.stderr.write(`Ignoring unreadable snapshot ${SNAPSHOT_FILE}: ${(error as Error).message}\n`);
  }
  stopPersisting = persistPeriodically(sandbox, env.SANDBOX_DATA_DIR);
}

const instance = sandbox.defaultInstance;
console.log(`listening on ${url}; store URL ${sandbox.publicUrl} (REST ${sandbox.publicUrl}/rest/V1/…)`);
for (const integration of instance.state.integrations) {
  console.log(`integration "${integration.name}":`);
  console.log(`  consumer key        ${integration.consumerKey}`);
  console.log(`  consumer secret     ${integration.consumerSecret}`);
  console.log(`  access token        ${integration.accessToken}`);
  console.log(`  access token secret ${integration.accessTokenSecret}`);
}
console.log(`control API ${sandbox.admin ? `on at ${sandbox.publicUrl}${ADMIN_PREFIX}` : "off"}`);
if (env.SANDBOX_AUTOPILOT === "on") {
  sandbox.autopilot.start(instance.id, DEFAULT_ORDER_EVERY_MS);
  console.log(`demo autopilot on: an order every ${DEFAULT_ORDER_EVERY_MS / 1000} s in "${instance.id}"`);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    stopPersisting();
    sandbox.autopilot.stopAll();
    void close().then(() => process.exit(0));
  });
}
