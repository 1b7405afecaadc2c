// One Magento sandbox per test file with an instance per scenario, each reached through the
// product's own client.
import { afterAll } from "vitest";
import { MagentoClient } from "@/lib/magento/client";
import { ALL_RESOURCES } from "@/sandbox/magento/http/acl";
import type { MagentoInstance } from "@/sandbox/magento/instance";
import { type CreateInstanceInput, startMagentoSandbox } from "@/sandbox/magento/sandbox";

export type TestStore = { instance: MagentoInstance; client: MagentoClient; baseUrl: string; credentials: MagentoInstance["state"]["integrations"][number]; requests: () => number };

export async function startStores() {
  const started = await startMagentoSandbox({ admin: true, log: () => {} });
  afterAll(() => started.close());
  let counter = 0;
  const store = (input: CreateInstanceInput = {}): TestStore => {
    const instance = started.sandbox.createInstance({ id: `store${process.pid}x${++counter}`, integrations: [{ name: "connector", resources: "all" }], catalogue: { count: 20 }, ...input });
    const credentials = instance.state.integrations[0]!;
    const baseUrl = `${started.url}/m/${instance.id}`;
    const client = new MagentoClient({ baseUrl, storeCode: "default", credentials });
    const since = Date.now();
    return { instance, client, baseUrl, credentials, requests: () => started.sandbox.requests.counts({ account: instance.id, since }).total };
  };
  return { started, store };
}

/** Every resource the sandbox knows except those named. */
export const resourcesWithout = (...left: string[]) => ALL_RESOURCES.filter((r) => !left.includes(r));
