import { currentSession } from "@/lib/auth/session";
import { dashboardData } from "@/lib/sync/dashboard-data";
import { tenantDb } from "@/lib/tenants/scope";

export const dynamic = "force-dynamic";

/** The dashboard's live data for the signed-in tenant (polled by the page). */
export async function GET() {
  const session = await currentSession();
  if (!session) return Response.json({ error: "Sign in again." }, { status: 401 });
  return Response.json(await dashboardData(tenantDb(session.tenantId)));
}
