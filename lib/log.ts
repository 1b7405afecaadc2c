// Structured logging: one JSON object per line in production (for log shippers), a readable line
// in development. Fields pass through redact(), so a token put in a log by mistake never lands.
import { redact } from "./redact";

type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function threshold(): number {
  const level = process.env.LOG_LEVEL as Level | undefined;
  return ORDER[level ?? "info"] ?? ORDER.info;
}

function errorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: String(error) };
  const kind = (error as { kind?: unknown }).kind;
  return { error: error.message, errorName: error.name, ...(kind ? { errorKind: kind } : {}) };
}

export type Logger = {
  [L in Level]: (message: string, fields?: Record<string, unknown>) => void;
} & { child: (fields: Record<string, unknown>) => Logger };

export function createLogger(base: Record<string, unknown> = {}): Logger {
  const write = (level: Level, message: string, fields: Record<string, unknown> = {}) => {
    if (ORDER[level] < threshold()) return;
    const { err, ...rest } = fields;
    const record = { level, time: new Date().toISOString(), msg: message, ...base, ...(redact(rest) as object), ...(err ? errorFields(err) : {}) };
    const stream = level === "error" || level === "warn" ? process.stderr : process.stdout;
    if (process.env.NODE_ENV === "production") {
      stream.write(`${JSON.stringify(record)}\n`);
    } else {
      const { level: _l, time: _t, msg: _m, ...extra } = record;
      const tail = Object.keys(extra).length ? ` ${JSON.stringify(extra)}` : "";
      stream.write(`${level.toUpperCase().padEnd(5)} ${message}${tail}\n`);
    }
  };
  return {
    debug: (m, f) => write("debug", m, f),
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
    child: (fields) => createLogger({ ...base, ...fields }),
  };
}

export const log = createLogger();
