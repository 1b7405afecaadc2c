// Brightpearl's reference lists the connector maps against: channels, warehouses, and (for the
// mappings) statuses, shipping and payment methods, tax and nominal codes, price lists.
import { z } from "zod";
import type { BrightpearlClient } from "./client";

const channel = z.object({ id: z.number().int(), name: z.string(), defaultWarehouseId: z.number().int().optional(), defaultPriceListId: z.number().int().optional() }).loose();
const warehouse = z.object({ id: z.number().int(), name: z.string() }).loose();

export type Channel = z.output<typeof channel>;
export type Warehouse = z.output<typeof warehouse>;

export const listChannels = (client: BrightpearlClient) => client.get("/product-service/channel", z.array(channel));
export const listWarehouses = (client: BrightpearlClient) => client.get("/warehouse-service/warehouse", z.array(warehouse));
