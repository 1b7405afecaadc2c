import { timingSafeEqual } from "node:crypto";
import type { NextRequest } from "next/server";
import { inngest } from "@/inngest/client";
import { brightpearlWebhookReceived } from "@/inngest/events";
import { parseIdSet } from "@/lib/brightpearl/id-set";
import { webhookDelivery } from "@/lib/brightpearl/webhooks";
import { db } from "@/lib/db";
import { log } from "@/lib/log";
import { webhookSecretOf } from "@/lib/tenants/tenants";

// Brightpearl deliveries: check the secret and the account, answer at once, and leave the work to
// a background function. 4xx answers make Brightpearl stop retrying (QoS 1), which is right for
// calls that will never be valid; a 503 makes it retry (both QoS levels) when we could not enqueue.

const refuse = (status: number, reason: string, fields: Record<string, unknown>) => {
  log.warn(`brightpearl webhook refused: ${reason}`, fields);
  return Response.json({ error: reason }, { status });
};

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function POST(request: NextRequest, context: { params: Promise<{ tenantId: string }> }) {
  const { tenantId } = await context.params;
  const fields = { tenantId, ip: request.headers.get("x-forwarded-for") ?? undefined };
  if (!/^[a-z0-9]{20,40}$/.test(tenantId)) return refuse(404, "unknown destination", fields);
  const tenant = await db().tenant.findUnique({ where: { id: tenantId }, select: { id: true, accountCode: true, status: true, webhookSecretEnc: true } });
  if (!tenant?.webhookSecretEnc) return refuse(404, "unknown destination", fields);
  const given = request.nextUrl.searchParams.get("k") ?? "";
  if (!sameSecret(given, webhookSecretOf(tenant))) return refuse(401, "bad secret", fields);
  if (tenant.status !== "ACTIVE") return refuse(410, "tenant not connected", fields);

  const body = webhookDelivery.safeParse(await request.json().catch(() => undefined));
  if (!body.success) return refuse(400, "malformed delivery", fields);
  const delivery = body.data;
  if (delivery.accountCode.toLowerCase() !== tenant.accountCode) return refuse(403, "delivery for another account", { ...fields, accountCode: delivery.accountCode });
  try {
    parseIdSet(delivery.id);
  } catch {
    return refuse(400, "malformed id set", fields);
  }

  try {
    await inngest.send(
      brightpearlWebhookReceived.create({
        tenantId,
        fullEvent: delivery.fullEvent,
        resourceType: delivery.resourceType,
        lifecycleEvent: delivery.lifecycleEvent,
        idSet: delivery.id,
        raisedOn: delivery.raisedOn,
      }),
    );
  } catch (error) {
    log.error("brightpearl webhook could not be enqueued", { ...fields, err: error });
    return Response.json({ error: "try again" }, { status: 503 });
  }
  return Response.json({ accepted: true }, { status: 202 });
}
