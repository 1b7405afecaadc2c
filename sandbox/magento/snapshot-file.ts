// Dev persistence: the sandbox's state as one JSON file in SANDBOX_DATA_DIR, loaded at start and
// rewritten (atomically) shortly after anything changes and at shutdown.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { MagentoSandbox } from "./sandbox";

export const SNAPSHOT_FILE = "magento-sandbox.json";

export function loadSnapshot(sandbox: MagentoSandbox, dir: string): boolean {
  const file = path.join(dir, SNAPSHOT_FILE);
  if (!existsSync(file)) return false;
  sandbox.restore(JSON.parse(readFileSync(file, "utf8")));
  return true;
}

export function saveSnapshot(sandbox: MagentoSandbox, dir: string): void {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, SNAPSHOT_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(sandbox.snapshot()));
  renameSync(tmp, file);
  sandbox.dirty = false;
}

/** Writes the snapshot at most once per interval while something changed; returns a stop function. */
export function persistPeriodically(sandbox: MagentoSandbox, dir: string, intervalMs = 1000): () => void {
  const timer = setInterval(() => {
    if (sandbox.dirty) saveSnapshot(sandbox, dir);
  }, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    if (sandbox.dirty) saveSnapshot(sandbox, dir);
  };
}
