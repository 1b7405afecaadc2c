// Prisma CLI configuration. The JS schema engine with the pg driver adapter lets migrations run on
// machines where Prisma's native engines cannot be downloaded, against PostgreSQL or embedded PGlite.
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

export default defineConfig({
  engine: "js",
  experimental: { adapter: true },
  schema: "prisma/schema.prisma",
  // The CLI builds the adapter even for commands that never connect (migrate diff between schema
  // files); commands that do connect fail with a connection error naming this URL.
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL ?? "postgresql://DATABASE_URL-is-not-set" }),
});
