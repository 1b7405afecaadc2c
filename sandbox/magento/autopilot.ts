// Demo autopilot, Magento side: a storefront customer places an order every few seconds.
import { Autopilot } from "../shared/autopilot";
import { generateOrders } from "./domain/order-generator";
import type { MagentoSandbox } from "./sandbox";

export const DEFAULT_ORDER_EVERY_MS = 8_000;

export function orderAutopilot(sandbox: MagentoSandbox): Autopilot {
  let placed = 0;
  return new Autopilot((instanceId) => {
    const instance = sandbox.instance(instanceId);
    const now = instance.now();
    // A new seed each time: different customers, items and payment methods, still reproducible.
    generateOrders(instance, { count: 1, seed: now % 2_147_483_647, from: now - 1000, to: now, outcomes: {} });
    sandbox.dirty = true;
    sandbox.log(`autopilot: placed order #${++placed} in ${instanceId}`);
  });
}
