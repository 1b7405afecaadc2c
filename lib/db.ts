import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { env } from "./env";

export type Db = PrismaClient;

function createClient(): PrismaClient {
  const { DATABASE_URL, DATABASE_POOL_SIZE } = env();
  const adapter = new PrismaPg({ connectionString: DATABASE_URL, max: DATABASE_POOL_SIZE });
  return new PrismaClient({ adapter });
}

// One client per process: Next.js dev reloads modules, which would otherwise open a pool per reload.
const holder = globalThis as unknown as { __connectorDb?: PrismaClient };

export function db(): PrismaClient {
  holder.__connectorDb ??= createClient();
  return holder.__connectorDb;
}
