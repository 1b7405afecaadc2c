// Database commands: `generate` (the Prisma client), `migrate` (apply committed migrations to
// DATABASE_URL), `new-migration <name>` (write the SQL that takes the last committed schema to
// prisma/schema.prisma; the CLI's own `migrate dev` needs a shadow database the JS engine lacks).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "./lib/embedded-postgres";
import { loadEnvFiles } from "./lib/load-env-files";
import { ROOT } from "./lib/paths";
import { generateClient, migrateDeploy, prisma } from "./lib/prisma";

async function newMigration(name: string | undefined) {
  if (!name || !/^[a-z0-9_]+$/.test(name)) throw new Error("usage: npm run db:new-migration <snake_case_name>");
  let previous: string | undefined;
  try {
    previous = execFileSync("git", ["show", "HEAD:prisma/schema.prisma"], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  } catch {
    previous = undefined;
  }
  const from = previous ? ["--from-schema-datamodel", path.join(mkdtempSync(path.join(tmpdir(), "schema-")), "previous.prisma")] : ["--from-empty"];
  if (previous) writeFileSync(from[1]!, previous);
  // The CLI with a driver adapter connects even to diff two schema files; a throwaway in-memory
  // database serves.
  const scratch = await startEmbeddedPostgres();
  const sql = await prisma(["migrate", "diff", ...from, "--to-schema-datamodel", "prisma/schema.prisma", "--script"], scratch.url).finally(scratch.stop);
  if (!/CREATE|ALTER|DROP/i.test(sql)) throw new Error("prisma/schema.prisma has no changes since the last commit");
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const dir = path.join(ROOT, "prisma", "migrations", `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "migration.sql"), sql);
  console.log(`wrote ${path.relative(ROOT, dir)}/migration.sql`);
}

async function main() {
  loadEnvFiles();
  const [command, arg] = process.argv.slice(2);
  if (command === "generate") await generateClient();
  else if (command === "migrate") {
    if (!process.env.DATABASE_URL) throw new Error("DATABASE_URL is not set; expected the PostgreSQL URL to migrate");
    console.log(await migrateDeploy(process.env.DATABASE_URL));
  } else if (command === "new-migration") await newMigration(arg);
  else throw new Error("usage: tsx scripts/db.ts generate | migrate | new-migration <name>");
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
