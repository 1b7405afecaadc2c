// Every failure a flow meets, in one vocabulary: what kind it is (which decides retry) and what
// the merchant reads. Transient kinds retry automatically; the others wait for the merchant.
import { BrightpearlError } from "@/lib/brightpearl/errors";
import { MagentoError } from "@/lib/magento/errors";

export type FailureKind =
  /** something must be set up first (a mapping, a setting): the item is blocked, not failed */
  | "mapping-missing"
  /** the data itself cannot be imported as it is */
  | "data-invalid"
  /** Brightpearl refused what we sent */
  | "rejected"
  /** Brightpearl no longer accepts our authorization */
  | "brightpearl-disconnected"
  /** Magento refused our credentials */
  | "magento-auth"
  /** the thing to sync no longer exists */
  | "not-found"
  /** Brightpearl's request budget is used up for the moment */
  | "throttled"
  /** Brightpearl or Magento is unreachable, slow or failing */
  | "unavailable";

export const TRANSIENT: ReadonlySet<FailureKind> = new Set(["throttled", "unavailable"]);

export type Failure = { kind: FailureKind; message: string; retryAfterMs?: number };

export function classify(error: unknown): Failure {
  if (error instanceof BrightpearlError) {
    const message = error.message;
    switch (error.kind) {
      case "throttled":
        return { kind: "throttled", message, retryAfterMs: error.options.retryAfterMs };
      case "unavailable":
      case "malformed":
        return { kind: "unavailable", message };
      case "auth":
        return { kind: "brightpearl-disconnected", message };
      case "not-found":
        return { kind: "not-found", message };
      case "invalid":
        return { kind: "rejected", message };
    }
  }
  if (error instanceof MagentoError) {
    const message = `Magento: ${error.message}`;
    if (error.retryable) return { kind: "unavailable", message };
    if (error.kind === "auth") return { kind: "magento-auth", message };
    if (error.kind === "not-found") return { kind: "not-found", message };
    if (error.kind === "malformed") return { kind: "unavailable", message };
    return { kind: "rejected", message };
  }
  return { kind: "unavailable", message: "An unexpected problem stopped this; the connector retries automatically." };
}
