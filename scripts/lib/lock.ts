// A lock file held for the life of this process: end-to-end runs build into and serve from the
// shared .next folder, so two of them at once on one checkout would break each other.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function acquireLock(file: string, onWait: () => void): Promise<() => void> {
  mkdirSync(path.dirname(file), { recursive: true });
  let told = false;
  for (;;) {
    try {
      writeFileSync(file, String(process.pid), { flag: "wx" });
      const release = () => rmSync(file, { force: true });
      process.on("exit", release);
      return release;
    } catch {
      const holder = Number(readFileSync(file, "utf8").trim());
      if (!holder || !alive(holder)) {
        rmSync(file, { force: true });
        continue;
      }
      if (!told) onWait();
      told = true;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}
