// `npm test`: everything the suite needs, then the suite. Installs Chromium when missing, starts a
// throwaway database (embedded PGlite, or a fresh database on DATABASE_URL's server), applies the
// migrations, builds the app for the end-to-end tests, and runs vitest (unit, integration, e2e).
// Arguments go to vitest: `npm test -- --project unit`, `npm test -- tests/unit/crypto.test.ts`.
import { spawn, spawnSync } from "node:child_process";
import { ensureChromium } from "./lib/chromium";
import { newSecrets } from "./lib/local-secrets";
import path from "node:path";
import { acquireLock } from "./lib/lock";
import { bin, DATA_DIR, ROOT } from "./lib/paths";
import { ensureClient, migrateDeploy } from "./lib/prisma";
import { prefixer } from "./lib/processes";
import { DEFAULT_PORTS, sandboxAppEnv } from "./lib/stack";
import { createTestDatabase, prepareFileDatabases } from "./lib/test-database";

const say = prefixer("test");
const info = (line: string) => process.stdout.write(`${say(line)}\n`);

const namedProjects = (args: string[]) => args.flatMap((a, i) => (a === "--project" ? [args[i + 1]!] : a.startsWith("--project=") ? [a.slice(10)] : []));

function wantsProject(args: string[], name: string): boolean {
  const projects = namedProjects(args);
  const files = args.filter((a) => !a.startsWith("-") && !projects.includes(a));
  if (projects.length) return projects.includes(name);
  if (files.length) return files.some((f) => f.includes(`/${name}/`) || f.includes(`${name}/`));
  return true;
}

async function main() {
  const args = process.argv.slice(2);
  const e2e = wantsProject(args, "e2e");
  const env: NodeJS.ProcessEnv = sandboxAppEnv(DEFAULT_PORTS, { ...process.env, ...newSecrets(), NODE_ENV: "test", LOG_LEVEL: process.env.LOG_LEVEL ?? "error" });

  if (e2e) env.CHROMIUM_PATH = ensureChromium(info);

  let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  let fileDatabases: Awaited<ReturnType<typeof prepareFileDatabases>> | undefined;
  const cleanup = async () => {
    await fileDatabases?.drop().catch(() => undefined);
    await database?.drop().catch(() => undefined);
  };
  process.on("SIGINT", () => void cleanup().then(() => process.exit(130)));

  database = await createTestDatabase(process.env.DATABASE_URL);
  info(database.kind === "embedded" ? "database: embedded PGlite (in memory)" : `database: fresh database on ${new URL(process.env.DATABASE_URL!).host}`);
  env.DATABASE_URL = database.url;
  env.TEST_DB_KIND = database.kind;
  if (process.env.DATABASE_URL) env.TEST_ADMIN_DATABASE_URL = process.env.DATABASE_URL;
  // PGlite serves one session: keep each process's pool small.
  if (database.kind === "embedded") env.DATABASE_POOL_SIZE = "4";

  await ensureClient();
  await migrateDeploy(database.url);
  // Each integration test file works in its own copy (tests/helpers/file-database.ts). Prepared
  // unless the arguments name projects without integration: file filters and -t are not told apart.
  if (!namedProjects(args).length || namedProjects(args).includes("integration")) {
    fileDatabases = await prepareFileDatabases(database, process.env.DATABASE_URL);
    Object.assign(env, fileDatabases.env);
  }

  if (e2e) await acquireLock(path.join(DATA_DIR, "e2e.lock"), () => info("another end-to-end run is using .next; waiting for it…"));
  if (e2e && !process.env.SKIP_BUILD) {
    info("building the app for the end-to-end tests…");
    const build = spawnSync(bin("next"), ["build"], { cwd: ROOT, env: { ...env, NODE_ENV: "production" }, encoding: "utf8" });
    if (build.status !== 0) {
      process.stderr.write(`${build.stdout}\n${build.stderr}\n`);
      await cleanup();
      throw new Error("next build failed");
    }
  }

  const vitest = spawn(bin("vitest"), ["run", ...args], { cwd: ROOT, env, stdio: "inherit" });
  const code = await new Promise<number>((resolve) => vitest.on("exit", (c, signal) => resolve(c ?? (signal ? 1 : 0))));
  await cleanup();
  process.exit(code);
}

main().catch((error: unknown) => {
  process.stderr.write(`${say(error instanceof Error ? error.message : String(error))}\n`);
  process.exit(1);
});
