// One line per run state change ("<function> <run id> sleeping 1h"), readable in the `[inngest]`
// column of `npm run dev`. Tests pass their own logger or none.
export type EngineLogger = {
  info: (line: string) => void;
  warn: (line: string) => void;
  error: (line: string) => void;
};

export const consoleLogger: EngineLogger = {
  info: (line) => process.stdout.write(`${line}\n`),
  warn: (line) => process.stderr.write(`${line}\n`),
  error: (line) => process.stderr.write(`${line}\n`),
};

export const silentLogger: EngineLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** The function's own id without the app prefix, when the prefix is the app's id. */
export function shortFunctionId(functionId: string, appIds: Iterable<string>): string {
  for (const appId of appIds) if (functionId.startsWith(`${appId}-`)) return functionId.slice(appId.length + 1);
  return functionId;
}

export function oneLine(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
