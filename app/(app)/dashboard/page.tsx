import type { Metadata } from "next";
import { requireTenant } from "@/lib/auth/require-tenant";
import { tenantDb } from "@/lib/tenants/scope";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const tenant = await requireTenant();
  const counts = await tenantDb(tenant.id).syncRecord.groupBy({ by: ["flow", "status"], _count: { _all: true }, orderBy: [{ flow: "asc" }, { status: "asc" }] });
  return (
    <div>
      <h1 className="text-2xl font-bold">Dashboard</h1>
      {counts.length === 0 ? (
        <p className="mt-6 rounded-lg border border-dashed border-slate-300 p-6 text-slate-600">
          Nothing has synced yet. Finish onboarding and switch a flow on; every order, stock level and shipment will appear here.
        </p>
      ) : (
        <table className="mt-6 w-full text-left text-sm">
          <thead>
            <tr className="text-slate-500">
              <th className="py-2">Flow</th>
              <th>Status</th>
              <th className="text-right">Records</th>
            </tr>
          </thead>
          <tbody>
            {counts.map((c) => (
              <tr key={`${c.flow}-${c.status}`} className="border-t border-slate-100">
                <td className="py-2">{c.flow}</td>
                <td>{c.status}</td>
                <td className="text-right">{c._count._all}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
