// What the SDK POSTs to /fn/register when the app is synced (a PUT to its serve URL). Unknown
// fields are kept: the stored config is the app's own declaration, shown back by the read API.
import { z } from "zod";

const concurrencyOption = z.looseObject({
  limit: z.number(),
  key: z.string().optional(),
  scope: z.enum(["fn", "env", "account"]).optional(),
});

export const functionConfigSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  triggers: z
    .array(
      z.union([
        z.looseObject({ event: z.string().min(1), expression: z.string().optional() }),
        z.looseObject({ cron: z.string().min(1), jitter: z.string().optional() }),
      ]),
    )
    .default([]),
  steps: z.record(
    z.string(),
    z.looseObject({
      id: z.string(),
      name: z.string().optional(),
      runtime: z.looseObject({ type: z.string().optional(), url: z.string().min(1) }),
      retries: z.looseObject({ attempts: z.number().int().min(0).optional() }).optional(),
    }),
  ),
  concurrency: z.union([z.number(), concurrencyOption, z.array(concurrencyOption)]).optional(),
  throttle: z
    .looseObject({ key: z.string().optional(), limit: z.number(), period: z.string(), burst: z.number().optional() })
    .optional(),
  cancel: z.array(z.looseObject({ event: z.string(), if: z.string().optional(), timeout: z.string().optional() })).optional(),
  rateLimit: z.unknown().optional(),
  debounce: z.unknown().optional(),
  batchEvents: z.unknown().optional(),
  idempotency: z.unknown().optional(),
  priority: z.unknown().optional(),
  singleton: z.unknown().optional(),
  timeouts: z.unknown().optional(),
});

export type FunctionConfig = z.infer<typeof functionConfigSchema>;

export const registerRequestSchema = z.looseObject({
  url: z.string().min(1),
  appName: z.string().min(1),
  framework: z.string().optional(),
  sdk: z.string().optional(),
  v: z.string().optional(),
  deployType: z.string().optional(),
  functions: z.array(functionConfigSchema),
});

export type RegisterRequest = z.infer<typeof registerRequestSchema>;

/** Flow-control options this engine does not enforce: named at sync so nobody relies on them. */
export const UNENFORCED_OPTIONS = ["rateLimit", "debounce", "batchEvents", "idempotency", "priority", "singleton", "timeouts"] as const;

/** The default when a function does not say: retries 4, so 5 attempts (Inngest's default). */
export const DEFAULT_RETRIES = 4;

export function maxAttempts(config: FunctionConfig): number {
  const retries = Object.values(config.steps)[0]?.retries?.attempts;
  return (retries ?? DEFAULT_RETRIES) + 1;
}

export function runtimeUrl(config: FunctionConfig): string {
  const step = config.steps.step ?? Object.values(config.steps)[0];
  if (!step) throw new Error(`function ${config.id} declares no runtime URL`);
  return step.runtime.url;
}
