// Child processes with prefixed output, stopped together: what `npm run dev` and the end-to-end
// tests use to run the product's services side by side in one terminal.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

const COLORS = [36, 35, 33, 32, 34, 31];
const useColor = process.stdout.isTTY && !process.env.NO_COLOR;

export function prefixer(name: string, width = 10): (line: string) => string {
  const color = COLORS[[...name].reduce((a, c) => a + c.charCodeAt(0), 0) % COLORS.length];
  const label = `[${name}]`.padEnd(width + 2);
  return (line) => (useColor ? `\x1b[${color}m${label}\x1b[0m ${line}` : `${label} ${line}`);
}

export type Service = { name: string; child: ChildProcess; exited: Promise<number | null> };

export class ProcessGroup {
  private services: Service[] = [];
  private stopping = false;

  constructor(private readonly onUnexpectedExit?: (service: Service, code: number | null) => void) {}

  start(name: string, command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; quiet?: boolean } = {}): Service {
    // detached: each service leads its own process group, so stopping it also stops whatever it
    // spawned (next dev starts workers).
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    const prefix = prefixer(name);
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      const target = stream === child.stderr ? process.stderr : process.stdout;
      createInterface({ input: stream }).on("line", (line) => {
        if (!options.quiet) target.write(`${prefix(line)}\n`);
      });
    }
    const exited = new Promise<number | null>((resolve) => {
      child.on("exit", (code) => resolve(code));
      child.on("error", (error) => {
        process.stderr.write(`${prefix(`could not start: ${error.message}`)}\n`);
        resolve(1);
      });
    });
    const service = { name, child, exited };
    this.services.push(service);
    void exited.then((code) => {
      if (!this.stopping) this.onUnexpectedExit?.(service, code);
    });
    return service;
  }

  /** SIGTERM to every service's process group, SIGKILL to whatever is still running after `graceMs`. */
  async stopAll(graceMs = 5000): Promise<void> {
    this.stopping = true;
    const running = this.services.filter((s) => s.child.exitCode === null && s.child.signalCode === null);
    for (const s of running) signalGroup(s.child, "SIGTERM");
    const timer = setTimeout(() => running.forEach((s) => signalGroup(s.child, "SIGKILL")), graceMs);
    await Promise.all(running.map((s) => s.exited));
    clearTimeout(timer);
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (!child.pid) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/** Polls `url` until it answers (any HTTP status) or `timeoutMs` passes. */
export async function waitForHttp(url: string, timeoutMs = 60_000, isDead?: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      return;
    } catch {
      if (isDead?.()) throw new Error(`${url}: the service exited before it answered`);
      if (Date.now() > deadline) throw new Error(`${url} did not answer within ${Math.round(timeoutMs / 1000)} s`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
