// The dev snapshot: accounts and OAuth records in one JSON file, so restarting `npm run dev` keeps
// installations, tokens, orders and stock. Written atomically (temp file, then rename).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { OAuthState } from "../oauth/oauth-state";
import type { AccountState } from "./types";

export const SNAPSHOT_FILE = "brightpearl-sandbox.json";
const VERSION = 1;

export type Snapshot = { version: number; savedAt: string; accounts: AccountState[]; oauth: OAuthState };

const snapshotShape = z.object({
  version: z.literal(VERSION),
  accounts: z.array(z.object({ code: z.string(), settings: z.object({}).passthrough(), reference: z.object({}).passthrough() }).passthrough()),
  oauth: z.object({ installations: z.record(z.string(), z.unknown()), accessTokens: z.record(z.string(), z.unknown()), refreshTokens: z.record(z.string(), z.unknown()), nextInstallationId: z.number() }).passthrough(),
});

export function snapshotPath(dir: string): string {
  return path.join(dir, SNAPSHOT_FILE);
}

/** Undefined when there is no snapshot; throws with the reason when the file is unusable. */
export function loadSnapshot(dir: string): Snapshot | undefined {
  let text: string;
  try {
    text = readFileSync(snapshotPath(dir), "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
  const parsed = snapshotShape.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${snapshotPath(dir)} is not a version ${VERSION} sandbox snapshot`);
  return parsed.data as unknown as Snapshot;
}

export function saveSnapshot(dir: string, accounts: AccountState[], oauth: OAuthState): void {
  mkdirSync(dir, { recursive: true });
  const file = snapshotPath(dir);
  const tmp = `${file}.${process.pid}.tmp`;
  const snapshot: Snapshot = { version: VERSION, savedAt: new Date().toISOString(), accounts, oauth };
  writeFileSync(tmp, JSON.stringify(snapshot));
  renameSync(tmp, file);
}
