// Goods-out notes (shipments from own warehouses, one note per warehouse, keyed by order row id)
// and drop-ship notes (the supplier ships). Shipping a goods-out note takes the stock out of the
// warehouse; no events are accepted once a note has shipped.
import { z } from "zod";
import type { SandboxContext } from "../context";
import { formatInOffset, parseInstant } from "../lib/datetime";
import { ApiError, invalid, notFound } from "../http/errors";
import type { SearchDefinition } from "../http/search";
import { nextId, offsetOf, SUPPLIER_CONTACT_ID } from "../state/accounts";
import type { AccountState, DropShipNote, GoodsOutNote, Order } from "../state/types";
import { defaultLocationId } from "./locations";
import { ORDER_FULLY_SHIPPED, ORDER_MODIFIED, orderOrThrow, shippingStatus } from "./orders";
import { level, onHand, shippedQuantity, stockChanged } from "./stock";

export const GON_CREATED = "goods-out-note.created";
export const GON_MODIFIED = "goods-out-note.modified";
export const DSN_CREATED = "drop-ship-note.created";
export const DSN_SHIPPED = "drop-ship-note.modified.shipped";

const EVENT_NAMES: Record<string, string> = {
  PRI: "printed",
  UPR: "un-printed",
  PIC: "picked",
  UPI: "un-picked",
  PAC: "packed",
  UPA: "un-packed",
  SHW: "shipped",
};

// ---- quantities ----

/** Units of a row already on goods-out notes (shipped or not). */
function onNotes(account: AccountState, orderId: number, rowId: number): number {
  let n = 0;
  for (const g of Object.values(account.goodsOutNotes)) if (g.orderId === orderId) for (const l of g.rows[rowId] ?? []) n += l.quantity;
  return n;
}

/** Units of a row still to be put on a goods-out note. */
export function unnotedQuantity(account: AccountState, order: Order, rowId: number): number {
  const row = order.rows.find((r) => r.id === rowId);
  if (!row) return 0;
  return Number(row.quantity) - row.dropShip - onNotes(account, order.id, rowId);
}

// ---- create ----

export const goodsOutBodySchema = z.object({
  warehouses: z
    .array(
      z.object({
        releaseDate: z.string().optional(),
        warehouseId: z.number().int(),
        transfer: z.boolean().optional(),
        products: z.array(z.object({ productId: z.number().int(), salesOrderRowId: z.number().int(), quantity: z.number().int().positive() })).min(1),
      }),
    )
    .min(1),
  priority: z.boolean().optional(),
  shippingMethodId: z.number().int().optional(),
});

export type GoodsOutInput = z.infer<typeof goodsOutBodySchema>;

/**
 * POST /warehouse-service/order/{id}/goods-note/goods-out. Each line must be covered by stock
 * reserved for the order in that warehouse (reserving free stock if needed); `force` (control API
 * only) books missing stock in first so a demo can always ship.
 */
export function createGoodsOutNotes(ctx: SandboxContext, account: AccountState, orderId: number, body: GoodsOutInput, force = false): GoodsOutNote[] {
  const order = orderOrThrow(account, orderId, "SO");
  if (order.statusId === account.settings.cancelledSalesOrderStatusId) throw invalid("WHSC-010", "The order is cancelled");
  const wanted = new Map<number, number>();
  for (const w of body.warehouses) {
    if (!account.reference.warehouses.some((x) => x.id === w.warehouseId)) throw invalid("WHSC-011", `Warehouse ${w.warehouseId} does not exist`);
    for (const p of w.products) {
      const row = order.rows.find((r) => r.id === p.salesOrderRowId);
      if (!row) throw invalid("WHSC-012", `Row ${p.salesOrderRowId} is not on order ${orderId}`);
      if (row.productId !== p.productId) throw invalid("WHSC-013", `Row ${p.salesOrderRowId} is for product ${row.productId}, not ${p.productId}`);
      if (!account.products[p.productId]?.stockTracked) throw invalid("WHSC-014", `Product ${p.productId} is not stock tracked`);
      wanted.set(row.id, (wanted.get(row.id) ?? 0) + p.quantity);
    }
  }
  for (const [rowId, qty] of wanted) {
    const left = unnotedQuantity(account, order, rowId);
    if (qty > left) throw invalid("WHSC-015", `Row ${rowId}: ${qty} requested but only ${left} left to fulfil`);
  }
  // Stock: each line must come from units reserved for the row in that warehouse.
  const touched: number[] = [];
  for (const w of body.warehouses) {
    for (const p of w.products) {
      const row = order.rows.find((r) => r.id === p.salesOrderRowId)!;
      const reservedHere = row.allocationWarehouseId === w.warehouseId ? row.allocated : 0;
      const reservedOnNotes = unshippedOnNotes(account, order.id, row.id, w.warehouseId);
      let short = p.quantity - Math.max(0, reservedHere - reservedOnNotes);
      if (short <= 0) continue;
      if (row.allocated > 0 && row.allocationWarehouseId !== w.warehouseId) {
        throw invalid("WHSC-016", `Row ${row.id} is reserved in warehouse ${row.allocationWarehouseId}, not ${w.warehouseId}`);
      }
      const l = level(account, p.productId, w.warehouseId);
      if (onHand(l) < short) {
        if (!force) throw invalid("WHSC-017", `Not enough stock of product ${p.productId} in warehouse ${w.warehouseId} (${onHand(l)} available, ${short} needed)`);
        l.inStock += short - Math.max(0, onHand(l));
      }
      l.allocated += short;
      row.allocated += short;
      row.allocationWarehouseId = w.warehouseId;
      touched.push(p.productId);
      short = 0;
    }
  }
  if (touched.length) stockChanged(ctx, account, touched);

  const now = ctx.now();
  const notes: GoodsOutNote[] = [];
  for (const w of body.warehouses) {
    const rows: GoodsOutNote["rows"] = {};
    for (const p of w.products) (rows[p.salesOrderRowId] ??= []).push({ productId: p.productId, quantity: p.quantity, locationId: defaultLocationId(w.warehouseId) });
    const gon: GoodsOutNote = {
      id: nextId(account, "goodsOutNote", 1001),
      orderId: order.id,
      warehouseId: w.warehouseId,
      priority: body.priority ?? false,
      status: { printed: false, picked: false, packed: false, shipped: false, printedOn: null, pickedOn: null, packedOn: null, shippedOn: null, shippedById: 0 },
      shipping: { reference: "", shippingMethodId: body.shippingMethodId ?? order.shippingMethodId, boxes: 0, weight: "0.0000" },
      releaseDate: w.releaseDate ? (parseInstant(w.releaseDate, offsetOf(account)) ?? now) : now,
      createdOn: now,
      createdBy: account.settings.staffContactId,
      rows,
      sequence: Object.values(account.goodsOutNotes).filter((g) => g.orderId === order.id).length + 1,
      events: [],
      lastEventVersion: 0,
    };
    account.goodsOutNotes[gon.id] = gon;
    notes.push(gon);
    ctx.emit(account, GON_CREATED, gon.id);
  }
  ctx.changed();
  return notes;
}

function unshippedOnNotes(account: AccountState, orderId: number, rowId: number, warehouseId: number): number {
  let n = 0;
  for (const g of Object.values(account.goodsOutNotes)) {
    if (g.orderId !== orderId || g.warehouseId !== warehouseId || g.status.shipped) continue;
    for (const l of g.rows[rowId] ?? []) n += l.quantity;
  }
  return n;
}

// ---- events ----

export const noteEventsBodySchema = z.object({
  events: z
    .array(
      z.object({
        eventCode: z.string(),
        occured: z.string().optional(),
        eventOwnerId: z.number().int().optional(),
        trackingReference: z.string().optional(),
        shippingMethodId: z.number().int().optional(),
      }),
    )
    .min(1),
});
type NoteEventsBody = z.infer<typeof noteEventsBodySchema>;

/**
 * POST /warehouse-service/goods-note/goods-out/{id}/event. Shipping fills in missing print, pick
 * and pack events; anything after SHW is refused. `ifMatch` is the client's last seen
 * lastEventVersion (UNVERIFIED: a stale one answers 412).
 */
export function goodsOutEvents(ctx: SandboxContext, account: AccountState, id: number, body: NoteEventsBody, ifMatch?: string): GoodsOutNote {
  const gon = account.goodsOutNotes[id];
  if (!gon) throw notFound(`Goods-out note ${id} not found`);
  if (ifMatch !== undefined && ifMatch.replace(/"/g, "") !== String(gon.lastEventVersion)) {
    throw new ApiError(412, [{ code: "WHSC-020", message: `lastEventVersion is ${gon.lastEventVersion}, not ${ifMatch}` }]);
  }
  for (const e of body.events) if (!EVENT_NAMES[e.eventCode]) throw invalid("WHSC-021", `Unknown goods-out note event code ${e.eventCode}`);
  if (gon.status.shipped) throw invalid("WHSC-022", "The goods-out note has already shipped; no further events are accepted");
  const offset = offsetOf(account);
  const fired: string[] = [];
  let shipped = false;
  for (const e of body.events) {
    if (shipped) throw invalid("WHSC-022", "No events are accepted after SHW");
    const at = e.occured ? parseInstant(e.occured, offset) : ctx.now();
    if (at === undefined) throw invalid("WHSC-023", `occured: "${e.occured}" is not an ISO-8601 date-time`);
    const owner = e.eventOwnerId ?? account.settings.staffContactId;
    const push = (code: string) => gon.events.push({ occured: at, eventOwnerId: owner, eventCode: code, version: ++gon.lastEventVersion });
    const s = gon.status;
    switch (e.eventCode) {
      case "PRI":
        s.printed = true;
        s.printedOn = at;
        break;
      case "UPR":
        s.printed = false;
        break;
      case "PIC":
        s.picked = true;
        s.pickedOn = at;
        break;
      case "UPI":
        s.picked = false;
        break;
      case "PAC":
        s.packed = true;
        s.packedOn = at;
        break;
      case "UPA":
        s.packed = false;
        break;
      case "SHW":
        for (const [code, flag, on] of [["PRI", "printed", "printedOn"], ["PIC", "picked", "pickedOn"], ["PAC", "packed", "packedOn"]] as const) {
          if (!s[flag]) {
            s[flag] = true;
            s[on] = at;
            push(code);
          }
        }
        s.shipped = true;
        s.shippedOn = at;
        s.shippedById = owner;
        shipped = true;
        break;
    }
    push(e.eventCode);
    fired.push(`${GON_MODIFIED}.${EVENT_NAMES[e.eventCode]}`);
  }
  if (shipped) takeShippedStock(ctx, account, gon);
  for (const event of fired) ctx.emit(account, event, gon.id);
  if (shipped) afterShipment(ctx, account, gon.orderId);
  ctx.changed();
  return gon;
}

/** Shipped units leave the warehouse: in stock and reserved both go down. */
function takeShippedStock(ctx: SandboxContext, account: AccountState, gon: GoodsOutNote): void {
  const order = account.orders[gon.orderId];
  const touched: number[] = [];
  for (const [rowId, lines] of Object.entries(gon.rows)) {
    const row = order?.rows.find((r) => r.id === Number(rowId));
    for (const line of lines) {
      const l = level(account, line.productId, gon.warehouseId);
      l.inStock -= line.quantity;
      l.allocated = Math.max(0, l.allocated - line.quantity);
      if (row) row.allocated = Math.max(0, row.allocated - line.quantity);
      touched.push(line.productId);
    }
  }
  stockChanged(ctx, account, touched);
}

function afterShipment(ctx: SandboxContext, account: AccountState, orderId: number): void {
  const order = account.orders[orderId];
  if (!order) return;
  order.updatedOn = ctx.now();
  order.version++;
  if (shippingStatus(account, order) === "ASS") ctx.emit(account, ORDER_FULLY_SHIPPED, order.id);
  ctx.emit(account, ORDER_MODIFIED, order.id);
}

export const goodsOutUpdateSchema = z.object({
  priority: z.boolean().optional(),
  shipping: z
    .object({ reference: z.string().max(255).optional(), shippingMethodId: z.number().int().optional(), boxes: z.number().int().min(0).optional(), weight: z.union([z.number(), z.string()]).optional() })
    .optional(),
});

/** PUT /warehouse-service/goods-note/goods-out/{id}: priority, tracking reference, boxes, weight. */
export function updateGoodsOutNote(ctx: SandboxContext, account: AccountState, id: number, body: z.infer<typeof goodsOutUpdateSchema>): void {
  const gon = account.goodsOutNotes[id];
  if (!gon) throw notFound(`Goods-out note ${id} not found`);
  if (body.shipping?.shippingMethodId !== undefined && !account.reference.shippingMethods.some((m) => m.id === body.shipping!.shippingMethodId)) {
    throw invalid("WHSC-024", `Shipping method ${body.shipping.shippingMethodId} does not exist`);
  }
  if (body.priority !== undefined) gon.priority = body.priority;
  if (body.shipping?.reference !== undefined) gon.shipping.reference = body.shipping.reference;
  if (body.shipping?.shippingMethodId !== undefined) gon.shipping.shippingMethodId = body.shipping.shippingMethodId;
  if (body.shipping?.boxes !== undefined) gon.shipping.boxes = body.shipping.boxes;
  if (body.shipping?.weight !== undefined) gon.shipping.weight = String(body.shipping.weight);
  ctx.emit(account, GON_MODIFIED, gon.id);
  ctx.changed();
}

export function renderGoodsOutNote(account: AccountState, g: GoodsOutNote) {
  const offset = offsetOf(account);
  const fmt = (ms: number | null) => (ms === null ? null : formatInOffset(ms, offset));
  return {
    orderId: g.orderId,
    warehouseId: g.warehouseId,
    externalRef: "",
    transfer: false,
    priority: g.priority,
    status: {
      shipped: g.status.shipped,
      packed: g.status.packed,
      picked: g.status.picked,
      printed: g.status.printed,
      pickedOn: fmt(g.status.pickedOn),
      packedOn: fmt(g.status.packedOn),
      shippedOn: fmt(g.status.shippedOn),
      printedOn: fmt(g.status.printedOn),
      pickedById: 0,
      packedById: 0,
      shippedById: g.status.shippedById,
      printedById: 0,
    },
    shipping: { reference: g.shipping.reference, boxes: g.shipping.boxes, shippingMethodId: g.shipping.shippingMethodId, weight: Number(g.shipping.weight) },
    releaseDate: fmt(g.releaseDate),
    createdOn: fmt(g.createdOn),
    createdBy: g.createdBy,
    orderRows: Object.fromEntries(Object.entries(g.rows).map(([k, v]) => [k, v.map((l) => ({ ...l }))])),
    sequence: g.sequence,
    events: g.events.map((e) => ({ occured: fmt(e.occured), eventOwnerId: e.eventOwnerId, eventCode: e.eventCode })),
    lastEventVersion: g.lastEventVersion,
  };
}

/** GET /warehouse-service/goods-note/goods-out-search: columns UNVERIFIED beyond goodsOutNoteId and shippedOn. */
export const goodsOutSearch: SearchDefinition<GoodsOutNote> = {
  defaultSort: "goodsOutNoteId",
  columns: [
    { name: "goodsOutNoteId", type: "IDSET", value: (g) => g.id },
    { name: "orderId", type: "IDSET", value: (g) => g.orderId },
    { name: "warehouseId", type: "IDSET", value: (g) => g.warehouseId },
    { name: "createdOn", type: "PERIOD", value: (g) => g.createdOn },
    { name: "printed", type: "BOOLEAN", value: (g) => g.status.printed },
    { name: "picked", type: "BOOLEAN", value: (g) => g.status.picked },
    { name: "packed", type: "BOOLEAN", value: (g) => g.status.packed },
    { name: "shipped", type: "BOOLEAN", value: (g) => g.status.shipped },
    { name: "shippedOn", type: "PERIOD", value: (g) => g.status.shippedOn },
    { name: "shippingMethodId", type: "INTEGER", value: (g) => g.shipping.shippingMethodId },
    { name: "priority", type: "BOOLEAN", value: (g) => g.priority },
  ],
};

// ---- drop-ship notes ----

export type DropShipInput = { rows?: { orderRowId: number; quantity: number }[]; supplierId?: number };

/** Puts order rows on a drop-ship note (the sandbox's stand-in for a drop-ship purchase order). */
export function createDropShipNote(ctx: SandboxContext, account: AccountState, orderId: number, input: DropShipInput): DropShipNote {
  const order = orderOrThrow(account, orderId, "SO");
  const supplierId = input.supplierId ?? SUPPLIER_CONTACT_ID;
  if (!account.contacts[supplierId]?.isSupplier) throw invalid("WHSC-030", `Contact ${supplierId} is not a supplier`);
  const lines =
    input.rows ??
    order.rows
      .filter((r) => r.productId !== null)
      .map((r) => ({ orderRowId: r.id, quantity: unnotedQuantity(account, order, r.id) }))
      .filter((l) => l.quantity > 0);
  if (lines.length === 0) throw invalid("WHSC-031", "Nothing left on the order to drop-ship");
  for (const l of lines) {
    const row = order.rows.find((r) => r.id === l.orderRowId);
    if (!row || row.productId === null) throw invalid("WHSC-012", `Row ${l.orderRowId} is not a product row on order ${orderId}`);
    if (l.quantity <= 0 || l.quantity > unnotedQuantity(account, order, row.id)) throw invalid("WHSC-015", `Row ${row.id}: ${l.quantity} is more than is left to fulfil`);
  }
  const touched: number[] = [];
  const rows: DropShipNote["rows"] = {};
  for (const l of lines) {
    const row = order.rows.find((r) => r.id === l.orderRowId)!;
    row.dropShip += l.quantity;
    // Drop-shipped units do not come from the warehouse: give back what was reserved beyond need.
    const excess = row.allocated + row.dropShip + shippedQuantity(account, order.id, row.id) - Number(row.quantity);
    if (excess > 0 && row.allocationWarehouseId !== null) {
      const lvl = level(account, row.productId!, row.allocationWarehouseId);
      lvl.allocated = Math.max(0, lvl.allocated - excess);
      row.allocated -= excess;
      touched.push(row.productId!);
    }
    (rows[row.id] ??= []).push({ productId: row.productId!, quantity: l.quantity });
  }
  if (touched.length) stockChanged(ctx, account, touched);
  const now = ctx.now();
  const note: DropShipNote = {
    id: nextId(account, "dropShipNote", 5001),
    orderId: order.id,
    supplierId,
    status: { shipped: false, shippedOn: null },
    shipping: { reference: "", shippingMethodId: order.shippingMethodId },
    rows,
    createdOn: now,
    createdBy: account.settings.staffContactId,
    events: [],
    lastEventVersion: 0,
  };
  account.dropShipNotes[note.id] = note;
  ctx.emit(account, DSN_CREATED, note.id);
  ctx.changed();
  return note;
}

/** POST /warehouse-service/goods-note/drop-ship/{id}/event: SHS with tracking reference. */
export function dropShipEvents(ctx: SandboxContext, account: AccountState, id: number, body: NoteEventsBody): DropShipNote {
  const note = account.dropShipNotes[id];
  if (!note) throw notFound(`Drop-ship note ${id} not found`);
  if (note.status.shipped) throw invalid("WHSC-022", "The drop-ship note has already shipped; no further events are accepted");
  for (const e of body.events) if (e.eventCode !== "SHS") throw invalid("WHSC-021", `Unknown drop-ship note event code ${e.eventCode}`);
  const e = body.events[body.events.length - 1]!;
  const at = e.occured ? parseInstant(e.occured, offsetOf(account)) : ctx.now();
  if (at === undefined) throw invalid("WHSC-023", `occured: "${e.occured}" is not an ISO-8601 date-time`);
  if (e.shippingMethodId !== undefined && !account.reference.shippingMethods.some((m) => m.id === e.shippingMethodId)) {
    throw invalid("WHSC-024", `Shipping method ${e.shippingMethodId} does not exist`);
  }
  note.status = { shipped: true, shippedOn: at };
  if (e.trackingReference !== undefined) note.shipping.reference = e.trackingReference;
  if (e.shippingMethodId !== undefined) note.shipping.shippingMethodId = e.shippingMethodId;
  note.events.push({ occured: at, eventOwnerId: e.eventOwnerId ?? account.settings.staffContactId, eventCode: "SHS", version: ++note.lastEventVersion });
  ctx.emit(account, DSN_SHIPPED, note.id);
  afterShipment(ctx, account, note.orderId);
  ctx.changed();
  return note;
}

export function renderDropShipNote(account: AccountState, d: DropShipNote) {
  const offset = offsetOf(account);
  const fmt = (ms: number | null) => (ms === null ? null : formatInOffset(ms, offset));
  return {
    orderId: d.orderId,
    supplierId: d.supplierId,
    status: { shipped: d.status.shipped, shippedOn: fmt(d.status.shippedOn) },
    shipping: { reference: d.shipping.reference, shippingMethodId: d.shipping.shippingMethodId },
    createdOn: fmt(d.createdOn),
    createdBy: d.createdBy,
    orderRows: Object.fromEntries(Object.entries(d.rows).map(([k, v]) => [k, v.map((l) => ({ ...l }))])),
    events: d.events.map((e) => ({ occured: fmt(e.occured), eventOwnerId: e.eventOwnerId, eventCode: e.eventCode })),
    lastEventVersion: d.lastEventVersion,
  };
}

/** GET /warehouse-service/goods-note/drop-ship-search: the path and columns are UNVERIFIED. */
export const dropShipSearch: SearchDefinition<DropShipNote> = {
  defaultSort: "dropShipNoteId",
  columns: [
    { name: "dropShipNoteId", type: "IDSET", value: (d) => d.id },
    { name: "orderId", type: "IDSET", value: (d) => d.orderId },
    { name: "supplierId", type: "IDSET", value: (d) => d.supplierId },
    { name: "createdOn", type: "PERIOD", value: (d) => d.createdOn },
    { name: "shipped", type: "BOOLEAN", value: (d) => d.status.shipped },
    { name: "shippedOn", type: "PERIOD", value: (d) => d.status.shippedOn },
  ],
};
