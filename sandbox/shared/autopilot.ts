// A repeating job per key (a Brightpearl account, a Magento instance) for the demo autopilot:
// started and stopped through the control API or at start-up, never keeping the process alive.

export type AutopilotStatus = { key: string; everyMs: number; runs: number; lastError?: string };

export class Autopilot {
  private jobs = new Map<string, { timer: NodeJS.Timeout; status: AutopilotStatus }>();

  constructor(private readonly work: (key: string) => void | Promise<void>) {}

  start(key: string, everyMs: number): AutopilotStatus {
    this.stop(key);
    const status: AutopilotStatus = { key, everyMs, runs: 0 };
    const timer = setInterval(async () => {
      try {
        await this.work(key);
        status.runs++;
        delete status.lastError;
      } catch (error) {
        status.lastError = (error as Error).message;
      }
    }, everyMs);
    timer.unref();
    this.jobs.set(key, { timer, status });
    return status;
  }

  stop(key: string): boolean {
    const job = this.jobs.get(key);
    if (!job) return false;
    clearInterval(job.timer);
    this.jobs.delete(key);
    return true;
  }

  stopAll(): void {
    for (const key of [...this.jobs.keys()]) this.stop(key);
  }

  status(): AutopilotStatus[] {
    return [...this.jobs.values()].map((j) => ({ ...j.status }));
  }
}
