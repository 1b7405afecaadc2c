import "server-only";
import { redirect } from "next/navigation";
import { db } from "@/lib/db";
import { currentSession } from "./session";

export type ShellTenant = {
  id: string;
  accountCode: string;
  accountName: string | null;
  apiDomain: string | null;
  status: "ACTIVE" | "DISCONNECTED" | "UNINSTALLED";
  statusReason: string | null;
  statusChangedAt: Date;
  createdAt: Date;
  magentoConnected: boolean;
};

/**
 * The tenant the signed-in session is bound to; anyone else goes to the landing page. Pages and
 * server actions take the tenant from here only, never from the request.
 */
export async function requireTenant(): Promise<ShellTenant> {
  const session = await currentSession();
  if (!session) redirect("/?signed-out=1#connect");
  const tenant = await db().tenant.findUnique({
    where: { id: session.tenantId },
    select: {
      id: true,
      accountCode: true,
      accountName: true,
      apiDomain: true,
      status: true,
      statusReason: true,
      statusChangedAt: true,
      createdAt: true,
      magento: { select: { verifiedAt: true } },
    },
  });
  if (!tenant) redirect("/?signed-out=1#connect");
  const { magento, ...rest } = tenant;
  return { ...rest, magentoConnected: Boolean(magento?.verifiedAt) };
}
