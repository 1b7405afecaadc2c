// The Magento sandbox on a free port, and a tenant's Magento connection pointed at one of its
// instances (an all-resources integration), for tests that need both sides.
import { afterAll } from "vitest";
import { db } from "@/lib/db";
import { MagentoClient } from "@/lib/magento/client";
import { saveMagentoConnection } from "@/lib/tenants/magento";
import { tenantDb } from "@/lib/tenants/scope";
import { startMagentoSandbox, type CreateInstanceInput } from "@/sandbox/magento/sandbox";

export async function startMagento() {
  const started = await startMagentoSandbox({ admin: true, log: () => {} });
  afterAll(() => started.close());

  /** A new store with an all-resources integration, connected to the tenant. */
  const connect = async (tenantId: string, input: CreateInstanceInput = {}) => {
    const instance = started.sandbox.createInstance({ integrations: [{ name: "connector", resources: "all" }], ...input });
    const integration = instance.state.integrations[0]!;
    const credentials = {
      consumerKey: integration.consumerKey,
      consumerSecret: integration.consumerSecret,
      accessToken: integration.accessToken,
      accessTokenSecret: integration.accessTokenSecret,
    };
    const baseUrl = started.sandbox.baseUrlOf(instance.id);
    await saveMagentoConnection(tenantDb(tenantId), tenantId, { baseUrl, storeCode: "default", credentials, verifiedAt: new Date() });
    return { instance, client: new MagentoClient({ baseUrl, storeCode: "default", credentials }) };
  };

  const count = (instanceId: string, method?: string) =>
    started.sandbox.requests.list({ account: instanceId }).filter((e) => method === undefined || e.method === method).length;

  return { started, connect, count, db };
}
