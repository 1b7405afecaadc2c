// Runs the Prisma CLI with the JS schema engine (prisma.config.ts). Prisma still looks for its
// native engine files and tries to download them when they are absent; pointing it at an
// existing file stops that, which matters on machines without internet.
import { spawn } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./paths";

const PLACEHOLDER = path.join(ROOT, "node_modules", "prisma", "package.json");

export function prismaEnv(databaseUrl?: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    PRISMA_SCHEMA_ENGINE_BINARY: PLACEHOLDER,
    PRISMA_QUERY_ENGINE_LIBRARY: PLACEHOLDER,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  };
}

/** Runs `prisma <args>`; resolves with stdout, rejects with the CLI's own message. */
export function prisma(args: string[], databaseUrl?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, "node_modules", "prisma", "build", "index.js"), ...args], {
      cwd: ROOT,
      env: prismaEnv(databaseUrl),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(out);
      else reject(new Error(`prisma ${args[0]} failed (exit ${code}):\n${(err || out).trim()}`));
    });
  });
}

export const generateClient = () => prisma(["generate"]);

/** Generates the client unless it is newer than the schema (keeps parallel test runs off each other's files). */
export async function ensureClient(): Promise<void> {
  const generated = path.join(ROOT, "lib", "generated", "prisma", "client.ts");
  const schema = path.join(ROOT, "prisma", "schema.prisma");
  if (existsSync(generated) && statSync(generated).mtimeMs >= statSync(schema).mtimeMs) return;
  await generateClient();
}
export const migrateDeploy = (databaseUrl: string) => prisma(["migrate", "deploy"], databaseUrl);
