// `npm run dev`: the whole product in sandbox mode in one terminal — embedded PostgreSQL (unless
// DATABASE_URL is set), migrations, the Brightpearl and Magento sandboxes, the local Inngest
// engine and the Next.js app. Ctrl-C stops everything it started.
import path from "node:path";
import { ConfigError, parseEnv } from "../lib/env-schema";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./lib/embedded-postgres";
import { loadEnvFiles } from "./lib/load-env-files";
import { loadOrCreateLocalSecrets } from "./lib/local-secrets";
import { bin, DATA_DIR, ROOT } from "./lib/paths";
import { ensureClient, migrateDeploy } from "./lib/prisma";
import { prefixer, ProcessGroup } from "./lib/processes";
import { DEFAULT_PORTS, sandboxAppEnv, startSandboxServices, urls, type StackPorts } from "./lib/stack";

const say = prefixer("dev");
const info = (line: string) => process.stdout.write(`${say(line)}\n`);

let database: EmbeddedPostgres | undefined;
let shuttingDown = false;
const group = new ProcessGroup((service, code) => {
  process.stderr.write(`${say(`${service.name} exited (code ${code}); stopping everything`)}\n`);
  void shutdown(1);
});

async function shutdown(code: number) {
  if (shuttingDown) return;
  shuttingDown = true;
  info("stopping…");
  await group.stopAll();
  await database?.stop();
  process.exit(code);
}

async function main() {
  loadEnvFiles();
  const ports: StackPorts = {
    app: Number(process.env.PORT ?? DEFAULT_PORTS.app),
    brightpearl: Number(process.env.SANDBOX_BRIGHTPEARL_PORT ?? DEFAULT_PORTS.brightpearl),
    magento: Number(process.env.SANDBOX_MAGENTO_PORT ?? DEFAULT_PORTS.magento),
    engine: Number(process.env.INNGEST_ENGINE_PORT ?? DEFAULT_PORTS.engine),
  };
  const env = sandboxAppEnv(ports, { ...loadOrCreateLocalSecrets(DATA_DIR), ...process.env, NODE_ENV: "development" });
  const embedded = !env.DATABASE_URL;
  const dbPort = Number(env.EMBEDDED_DB_PORT ?? 54329);
  if (embedded) env.DATABASE_URL = `postgresql://postgres:postgres@127.0.0.1:${dbPort}/postgres?sslmode=disable`;

  try {
    parseEnv(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  if (embedded) {
    database = await startEmbeddedPostgres({ port: dbPort, dataDir: path.join(DATA_DIR, "pglite") });
    info(`embedded PostgreSQL on 127.0.0.1:${dbPort} (data in .data/pglite; set DATABASE_URL to use a server)`);
  }
  info("generating the Prisma client and applying migrations…");
  await ensureClient();
  await migrateDeploy(env.DATABASE_URL!);

  startSandboxServices(group, ports, env, { dataDir: path.join(DATA_DIR, "sandbox") });
  group.start("web", bin("next"), ["dev", "--port", String(ports.app)], { env, cwd: ROOT });

  const u = urls(ports);
  info(`the connector:        ${u.app}`);
  info(`Brightpearl sandbox:  ${u.brightpearl}`);
  info(`Magento sandbox:      ${u.magento}`);
  info(`local Inngest engine: ${u.engine}`);
  info("Ctrl-C stops everything.");
}

main().catch((error: unknown) => {
  process.stderr.write(`${say(`could not start: ${error instanceof Error ? error.message : String(error)}`)}\n`);
  void shutdown(1);
});
