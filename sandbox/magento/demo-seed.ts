// What `npm run dev` puts in the default instance: one all-resources integration, the shared
// catalogue (200 SKUs matching the Brightpearl sandbox's demo account, with deliberate mismatches),
// MSI source items, and a handful of orders in various states from the last three days.
import { seedCatalogue } from "./domain/demo-catalogue";
import { magentoDate } from "./domain/format";
import { generateOrders } from "./domain/order-generator";
import type { MagentoInstance } from "./instance";
import { DEMO_CATALOGUE } from "../shared/catalogue";


export function seedDemo(instance: MagentoInstance): void {
  instance.createIntegration({ name: "Brightpearl connector (demo)", resources: "all" });
  seedCatalogue(instance, DEMO_CATALOGUE);
  const now = instance.now();
  generateOrders(instance, {
    count: 12,
    seed: 42,
    from: magentoDate(now - 3 * 86_400_000),
    to: magentoDate(now - 3_600_000),
    outcomes: { complete: 0.25, canceled: 0.1, holded: 0.05 },
  });
}
