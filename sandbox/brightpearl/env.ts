// The sandbox's configuration from the environment, validated; a bad value stops the start with
// one line naming the variable.
import { z } from "zod";

const url = z.string().url().refine((u) => /^https?:\/\//.test(u));

const variables = {
  PORT: { schema: z.coerce.number().int().min(0).max(65535).default(3001), expected: "a TCP port number" },
  PUBLIC_URL: { schema: url.optional(), expected: "the sandbox's public http(s) URL, e.g. http://localhost:3001" },
  SANDBOX_APP_REF: { schema: z.string().min(1).default("connector-sandbox"), expected: "the app reference the sandbox accepts as client_id" },
  SANDBOX_DEV_REF: { schema: z.string().min(1).default("connector-dev"), expected: "the developer reference the sandbox expects in brightpearl-dev-ref" },
  SANDBOX_CLIENT_SECRET: { schema: z.string().min(1).default("sandbox-client-secret"), expected: "the app's client secret" },
  SANDBOX_REDIRECT_URI: {
    schema: z
      .string()
      .default("http://localhost:3000/api/brightpearl/callback")
      .transform((raw) => raw.split(",").map((s) => s.trim()).filter(Boolean))
      .pipe(z.array(url).min(1)),
    expected: "the app's registered redirect URI (comma-separate several)",
  },
  SANDBOX_APP_OFF_URL: { schema: url.optional(), expected: "the app's turn-off URL, called when the app is turned off" },
  SANDBOX_DATA_DIR: { schema: z.string().min(1).optional(), expected: "a directory for the sandbox's snapshot" },
  SANDBOX_DEMO: { schema: z.enum(["on", "off"]).optional(), expected: '"on" or "off" (seed the demo account "sandboxdemo")' },
  SANDBOX_AUTOPILOT: { schema: z.enum(["on", "off"]).default("off"), expected: '"on" or "off" (ship the demo account\'s new orders after a delay)' },
  SANDBOX_THROTTLE_LIMIT: { schema: z.coerce.number().int().positive().optional(), expected: "requests allowed per throttle window, e.g. 200" },
  SANDBOX_THROTTLE_WINDOW_MS: { schema: z.coerce.number().int().positive().optional(), expected: "the throttle window in milliseconds, e.g. 60000" },
} as const;

type Vars = typeof variables;
export type SandboxEnv = { [K in keyof Vars]: z.output<Vars[K]["schema"]> };

export class SandboxConfigError extends Error {}

export function parseSandboxEnv(env: Record<string, string | undefined>): SandboxEnv {
  const out: Record<string, unknown> = {};
  for (const [name, { schema, expected }] of Object.entries(variables)) {
    const raw = env[name] === "" ? undefined : env[name];
    const parsed = (schema as z.ZodType).safeParse(raw);
    if (!parsed.success) throw new SandboxConfigError(`Configuration error: ${name} is invalid; expected ${expected}.`);
    out[name] = parsed.data;
  }
  return out as SandboxEnv;
}

/** The demo account is seeded in development unless SANDBOX_DEMO says otherwise. */
export function demoWanted(env: SandboxEnv, nodeEnv: string | undefined): boolean {
  if (env.SANDBOX_DEMO) return env.SANDBOX_DEMO === "on";
  return nodeEnv === "development";
}
