import "server-only";
import { db as rootDb } from "@/lib/db";
import type { TenantDb } from "@/lib/tenants/scope";
import { enabledFlows } from "@/lib/tenants/settings";

// "Check now" on the dashboard: one drift check per flow at a time. A press while a check runs, or
// within a minute of the last request, is answered instead of queuing another; a flow that is off
// is not checked at all.

export const AUDIT_REQUEST_GAP_MS = 60_000;
/** The cookie that carries the answer to the last "Check now" press to the next render, for a minute. */
export const CHECK_ANSWER_COOKIE = "catalog-check";
/** A report still open after this long was left by a crash: it no longer counts as running. */
const RUNNING_AT_MOST_MS = 60 * 60_000;

export type AuditFlow = "INVENTORY" | "PRICES";

const SWITCH = { INVENTORY: "inventory", PRICES: "prices" } as const;
const LABEL = { INVENTORY: "stock", PRICES: "prices" } as const;

export type AuditRequestAnswer = { queued: boolean; message: string };

export type AuditState = { running: boolean; requestedAt?: Date };

/** Whether a check of the flow runs now, and when one was last asked for. */
export async function auditState(scoped: TenantDb, flow: AuditFlow, now = new Date()): Promise<AuditState> {
  const [open, request] = await Promise.all([
    scoped.driftReport.findFirst({ where: { flow, finishedAt: null, startedAt: { gt: new Date(now.getTime() - RUNNING_AT_MOST_MS) } }, select: { id: true } }),
    scoped.catalogAuditRequest.findFirst({ where: { flow }, select: { requestedAt: true } }),
  ]);
  return { running: Boolean(open), requestedAt: request?.requestedAt };
}

/** Why a check cannot be asked for now, for the merchant; undefined when it can. */
export function refusal(state: AuditState, flowOn: boolean, flow: AuditFlow, now = new Date()): string | undefined {
  const label = LABEL[flow];
  if (!flowOn) return `The ${label} flow is switched off, so there is nothing to check. Switch it on in the settings first.`;
  if (state.running) return `A check of ${label} is running now; its report shows here when it ends.`;
  if (state.requestedAt && now.getTime() - state.requestedAt.getTime() < AUDIT_REQUEST_GAP_MS) return `A check of ${label} was asked for less than a minute ago; it starts shortly.`;
  return undefined;
}

/**
 * Queues a check of the flow through `send`, unless one runs, was asked for within the minute, or
 * the flow is off. Two presses at once queue one check: the request row is claimed in one statement.
 */
export async function requestAudit(scoped: TenantDb, tenantId: string, flow: AuditFlow, send: () => Promise<unknown>, now = new Date()): Promise<AuditRequestAnswer> {
  const [flows, state] = await Promise.all([enabledFlows(scoped), auditState(scoped, flow, now)]);
  const refused = refusal(state, flows.has(SWITCH[flow]), flow, now);
  if (refused) return { queued: false, message: refused };
  const before = new Date(now.getTime() - AUDIT_REQUEST_GAP_MS);
  const claimed = await rootDb().$queryRaw<{ tenantId: string }[]>`
    INSERT INTO "CatalogAuditRequest" ("tenantId", "flow", "requestedAt") VALUES (${tenantId}, ${flow}::"Flow", ${now})
    ON CONFLICT ("tenantId", "flow") DO UPDATE SET "requestedAt" = EXCLUDED."requestedAt" WHERE "CatalogAuditRequest"."requestedAt" <= ${before}
    RETURNING "tenantId"`;
  if (!claimed.length) return { queued: false, message: refusal({ running: false, requestedAt: now }, true, flow, now)! };
  try {
    await send();
  } catch (error) {
    // nothing was queued: the next press must not be told that a check starts shortly
    await scoped.catalogAuditRequest.deleteMany({ where: { flow, requestedAt: now } });
    throw error;
  }
  return { queued: true, message: `A check of ${LABEL[flow]} is on its way; its report shows here when it ends.` };
}
