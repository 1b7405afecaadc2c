// Demo autopilot, Brightpearl side: the warehouse ships each sales order the connector created,
// fully and with a tracking number, once it is a little while old.
import { Autopilot } from "../shared/autopilot";
import type { BrightpearlControl } from "./control/control";

export const DEFAULT_SHIP_AFTER_MS = 20_000;
const CHECK_EVERY_MS = 3_000;

export function shippingAutopilot(control: BrightpearlControl, now: () => number = Date.now): { autopilot: Autopilot; shipAfter: Map<string, number> } {
  const shipAfter = new Map<string, number>();
  const done = new Set<string>();
  const autopilot = new Autopilot((account) => {
    const wait = shipAfter.get(account) ?? DEFAULT_SHIP_AFTER_MS;
    const state = control.account(account);
    for (const order of Object.values(state.orders)) {
      const key = `${account}:${order.id}`;
      if (done.has(key) || order.orderTypeCode !== "SO" || !order.viaSalesOrderApi || now() - order.createdOn < wait) continue;
      if (order.statusId === state.settings.cancelledSalesOrderStatusId) continue;
      try {
        control.shipGoodsOut(account, { orderId: order.id, trackingReference: `DEMO${order.id}` });
      } catch {
        // nothing left to ship (already shipped by hand, or only non-stock rows)
      }
      done.add(key);
    }
  });
  return { autopilot, shipAfter };
}

export { CHECK_EVERY_MS };
