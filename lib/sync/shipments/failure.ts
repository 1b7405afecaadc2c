import "server-only";
import { classify, TRANSIENT } from "@/lib/sync/classify";
import { block, fail } from "@/lib/sync/records";
import type { Flow } from "@/lib/generated/prisma/client";
import type { TenantDb } from "@/lib/tenants/scope";

// How the fulfilment flows (shipments, statuses, refunds) end an attempt that threw: the same
// vocabulary and retry rules as the orders import, so the dashboard tells one story.

/** Thrown for failures worth retrying (Brightpearl or Magento unavailable, throttled). */
export class TransientSyncError extends Error {
  override name = "TransientSyncError";
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

type Key = { tenantId: string; flow: Flow; sourceId: string };

export type FailureOutcome = { status: "blocked" | "failed"; message: string };

/**
 * Records what went wrong on the entity's sync record. A lost connection blocks it until the
 * merchant reconnects; transient failures are recorded as retrying and rethrown for the engine.
 */
export async function recordFailure(scoped: TenantDb, key: Key, error: unknown): Promise<FailureOutcome> {
  const failure = classify(error);
  if (failure.kind === "brightpearl-disconnected" || failure.kind === "magento-auth") {
    await block(scoped, key, failure.message, [failure.kind === "magento-auth" ? "connection:magento" : "connection:brightpearl"]);
    return { status: "blocked", message: failure.message };
  }
  const transient = TRANSIENT.has(failure.kind);
  await fail(scoped, key, failure, transient);
  if (transient) throw new TransientSyncError(failure.message, failure.retryAfterMs);
  return { status: "failed", message: failure.message };
}
