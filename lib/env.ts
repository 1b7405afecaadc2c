import "server-only";
import { ConfigError, parseEnv, type Env } from "./env-schema";

let cached: Env | undefined;

/** The validated configuration, read from process.env once. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/**
 * Validates the configuration at server start. A misconfigured server prints one line naming the
 * variable and what it expects, then exits, rather than failing later with a stack trace.
 */
export function assertEnvAtStartup(): void {
  try {
    env();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
