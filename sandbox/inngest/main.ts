// `tsx sandbox/inngest/main.ts`: the local Inngest engine as a process (started by `npm run dev`
// and the end-to-end tests). Serves the engine's API at once, then syncs the app, retrying until
// it answers, and re-syncs periodically so functions Next.js reloads in development are picked up.
import { z } from "zod";
import { DEFAULT_SCHEMA, InngestEngine } from "./engine";
import { consoleLogger } from "./log";
import { SIGNING_KEY_PATTERN } from "./signing";
import { SCHEMA_NAME_PATTERN } from "./store/schema";

const envSchema = z.object({
  PORT: z.coerce.number({ error: "expected a TCP port number" }).int("expected a TCP port number").min(0).max(65535).default(8288),
  APP_SERVE_URL: z.url({ error: "expected the app's serve URL, e.g. http://localhost:3000/api/inngest" }),
  DATABASE_URL: z.string({ error: "expected a PostgreSQL URL" }).regex(/^postgres(ql)?:\/\//, "expected a PostgreSQL URL (postgresql://...)"),
  INNGEST_ENGINE_SCHEMA: z.string().regex(SCHEMA_NAME_PATTERN, "expected a schema name of lowercase letters, digits and _").default(DEFAULT_SCHEMA),
  INNGEST_SIGNING_KEY: z
    .string()
    .regex(SIGNING_KEY_PATTERN, "expected signkey-<env>-<hex>")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  INNGEST_ENGINE_SYNC_INTERVAL_MS: z.coerce.number().int().min(1_000, "expected at least 1000 (milliseconds)").default(30_000),
  INNGEST_ENGINE_TIME_SCALE: z.coerce.number().min(0, "expected 0 or more (1 = real time)").default(1),
  INNGEST_ENGINE_HOST: z.string().min(1).default("127.0.0.1"),
  INNGEST_ENGINE_CRONS: z.enum(["scheduled", "manual"], { error: "expected scheduled or manual" }).default("scheduled"),
});

function readEnv(): z.infer<typeof envSchema> {
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? "environment");
    const detail = process.env[name] === undefined && issue.code === "invalid_type" ? "is missing" : "is invalid";
    process.stderr.write(`Configuration error: ${name} ${detail}; ${issue.message}.\n`);
    process.exit(1);
  }
  return parsed.data;
}

const env = readEnv();
const engine = new InngestEngine({
  databaseUrl: env.DATABASE_URL,
  schema: env.INNGEST_ENGINE_SCHEMA,
  appUrl: env.APP_SERVE_URL,
  signingKey: env.INNGEST_SIGNING_KEY,
  timeScale: env.INNGEST_ENGINE_TIME_SCALE,
  crons: env.INNGEST_ENGINE_CRONS,
  logger: consoleLogger,
});

let stopping = false;
let syncTimer: NodeJS.Timeout | undefined;

async function shutdown(code: number): Promise<never> {
  if (stopping) process.exit(code);
  stopping = true;
  if (syncTimer) clearTimeout(syncTimer);
  await engine.stop({ timeoutMs: 5_000 }).catch(() => undefined);
  process.exit(code);
}

/** Syncs until the app answers, then keeps re-syncing; quiet while nothing changes. */
async function syncLoop(): Promise<void> {
  let lastError: string | undefined;
  let synced = false;
  const attempt = async () => {
    try {
      await engine.sync();
      if (!synced || lastError) consoleLogger.info(`app synced from ${env.APP_SERVE_URL}`);
      synced = true;
      lastError = undefined;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message !== lastError) consoleLogger.warn(`${synced ? "re-sync" : "sync"} with ${env.APP_SERVE_URL} failed: ${message}; retrying`);
      lastError = message;
    }
    if (stopping) return;
    const delay = synced && !lastError ? env.INNGEST_ENGINE_SYNC_INTERVAL_MS : 2_000;
    syncTimer = setTimeout(() => void attempt(), delay);
  };
  await attempt();
}

for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void shutdown(0));

try {
  await engine.start({ port: env.PORT, host: env.INNGEST_ENGINE_HOST });
} catch (error) {
  process.stderr.write(`could not start the engine: ${error instanceof Error ? error.message : String(error)}\n`);
  await engine.stop({ abandon: true }).catch(() => undefined);
  process.exit(1);
}
consoleLogger.info(`listening on ${engine.url} (schema "${engine.schema}"${env.INNGEST_SIGNING_KEY ? ", signing calls" : ""})`);
void syncLoop();
