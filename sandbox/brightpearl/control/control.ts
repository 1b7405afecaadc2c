// The sandbox's control surface for tests and demos, in-process: accounts, seeding, stock,
// shipments, statuses, tokens, throttling, faults, logs and reset. Every action that changes what
// a real account would notify about raises the same webhook events the API would.
import { z } from "zod";
import type { AutopilotStatus } from "../../shared/autopilot";
import type { Faults } from "../../shared/faults";
import { CHECK_EVERY_MS, DEFAULT_SHIP_AFTER_MS, shippingAutopilot } from "../autopilot";
import type { RequestLog } from "../../shared/request-log";
import type { SandboxConfig, SandboxContext } from "../context";
import { createDropShipNote, createGoodsOutNotes, dropShipEvents, goodsOutEvents, unnotedQuantity, updateGoodsOutNote } from "../domain/goods-notes";
import { closeOrder, orderOrThrow, setOrderStatus } from "../domain/orders";
import { priceBodySchema, productBodySchema, setPrices, setProductCustomFields, updateProduct } from "../domain/products";
import { createGoodsInNotes } from "../domain/goods-in-notes";
import { defaultLocationId, quarantineLocationId } from "../domain/locations";
import { changeStock, receivedQuantity } from "../domain/stock";
import { invalid, notFound } from "../http/errors";
import type { RollingThrottle } from "../http/throttle";
import { approve } from "../oauth/routes";
import { emptyOAuthState, expireAccessTokens, newToken, revokeInstallations, installFor } from "../oauth/oauth-state";
import { newAccountState, type CreateAccountInput } from "../state/accounts";
import { seedCustomer, seedProducts, type SeedCustomerInput, type SeedProductsInput } from "../state/seed";
import type { AccountState, CustomFieldValue } from "../state/types";
import type { DeliveryLog } from "../webhooks/delivery-log";
import type { WebhookDispatcher } from "../webhooks/dispatcher";
import type { WebhookFaults } from "../webhooks/faults";

export const configPatchSchema = z.object({
  tokenLifetimeSeconds: z.number().int().positive().optional(),
  codeLifetimeSeconds: z.number().int().positive().optional(),
  refreshKeepsLiveAccessToken: z.boolean().optional(),
  publicUrl: z.string().url().optional(),
  throttle: z.object({ limit: z.number().int().positive(), windowMs: z.number().int().positive() }).partial().optional(),
  webhooks: z
    .object({
      batchWindowMs: z.number().int().min(0),
      maxIdsPerDelivery: z.number().int().positive(),
      timeoutMs: z.number().int().positive(),
      retryDelaysMs: z.array(z.number().int().min(0)).max(20),
    })
    .partial()
    .optional(),
  redirectUris: z.array(z.string().url()).min(1).optional(),
});
export type ConfigPatch = z.input<typeof configPatchSchema>;

export const stockChangeSchema = z
  .object({
    productId: z.number().int().optional(),
    sku: z.string().optional(),
    warehouseId: z.number().int().optional(),
    inStock: z.number().int().min(0).optional(),
    delta: z.number().int().optional(),
  })
  .refine((v) => v.productId !== undefined || v.sku !== undefined, "name the product by productId or sku")
  .refine((v) => (v.inStock === undefined) !== (v.delta === undefined), "give exactly one of inStock or delta");
export type StockChange = z.input<typeof stockChangeSchema>;

export const shipGoodsOutSchema = z.object({
  /** ship this existing note… */
  goodsOutNoteId: z.number().int().optional(),
  /** …or create one for this order (all unshipped lines, or `lines`) and ship it */
  orderId: z.number().int().optional(),
  lines: z.array(z.object({ orderRowId: z.number().int(), quantity: z.number().int().positive() })).optional(),
  warehouseId: z.number().int().optional(),
  trackingReference: z.string().optional(),
  shippingMethodId: z.number().int().optional(),
  /** book in missing stock rather than refuse, so a demo can always ship */
  force: z.boolean().default(true),
});
export type ShipGoodsOutInput = z.input<typeof shipGoodsOutSchema>;

export const receiveGoodsInSchema = z.object({
  /** the sales credit the goods come back on */
  orderId: z.number().int(),
  /** rows and units; all of every stock-tracked row not yet received when omitted */
  lines: z.array(z.object({ orderRowId: z.number().int(), quantity: z.number().int().positive() })).optional(),
  warehouseId: z.number().int().optional(),
  location: z.enum(["default", "quarantine"]).default("default"),
  userBatchReference: z.string().min(1).max(64).optional(),
});
export type ReceiveGoodsInInput = z.input<typeof receiveGoodsInSchema>;

export const dropShipCreateSchema = z.object({
  orderId: z.number().int(),
  rows: z.array(z.object({ orderRowId: z.number().int(), quantity: z.number().int().positive() })).optional(),
  supplierId: z.number().int().optional(),
});
export const dropShipShipSchema = z.object({
  dropShipNoteId: z.number().int().optional(),
  orderId: z.number().int().optional(),
  trackingReference: z.string().optional(),
  shippingMethodId: z.number().int().optional(),
});

export type ControlDeps = {
  ctx: SandboxContext;
  throttle: RollingThrottle;
  faults: Faults;
  webhookFaults: WebhookFaults;
  requests: RequestLog;
  deliveries: DeliveryLog;
  dispatcher: WebhookDispatcher;
  initialConfig: SandboxConfig;
  seed: ((control: BrightpearlControl) => void) | undefined;
  save: () => void;
};

export class BrightpearlControl {
  readonly faults: Faults;
  readonly webhookFaults: WebhookFaults;
  readonly requests: RequestLog;
  readonly deliveries: DeliveryLog;

  constructor(private readonly deps: ControlDeps) {
    this.faults = deps.faults;
    this.webhookFaults = deps.webhookFaults;
    this.requests = deps.requests;
    this.deliveries = deps.deliveries;
  }

  private get ctx() {
    return this.deps.ctx;
  }

  get config(): SandboxConfig {
    return this.ctx.config;
  }

  configure(patch: ConfigPatch): SandboxConfig {
    const p = configPatchSchema.parse(patch);
    const c = this.ctx.config;
    if (p.tokenLifetimeSeconds !== undefined) c.tokenLifetimeSeconds = p.tokenLifetimeSeconds;
    if (p.codeLifetimeSeconds !== undefined) c.codeLifetimeSeconds = p.codeLifetimeSeconds;
    if (p.refreshKeepsLiveAccessToken !== undefined) c.refreshKeepsLiveAccessToken = p.refreshKeepsLiveAccessToken;
    if (p.publicUrl !== undefined) c.publicUrl = p.publicUrl;
    if (p.throttle) c.throttle = { ...c.throttle, ...p.throttle };
    if (p.webhooks) c.webhooks = { ...c.webhooks, ...p.webhooks };
    if (p.redirectUris) c.app.redirectUris = p.redirectUris;
    return c;
  }

  // ---- accounts ----

  createAccount(input: CreateAccountInput): AccountState {
    const account = newAccountState(input, this.ctx.now());
    if (this.ctx.accounts.has(account.code)) throw invalid("SBX-409", `Account ${account.code} already exists`);
    this.ctx.accounts.set(account.code, account);
    this.ctx.changed();
    return account;
  }

  listAccounts(): string[] {
    return [...this.ctx.accounts.keys()];
  }

  /** The live state of an account (mutating it bypasses events; prefer the methods below). */
  account(code: string): AccountState {
    const a = this.ctx.accounts.get(code);
    if (!a) throw notFound(`Account ${code} not found`);
    return a;
  }

  deleteAccount(code: string): void {
    this.account(code);
    revokeInstallations(this.ctx.oauth, code, this.ctx.now());
    this.ctx.accounts.delete(code);
    this.deps.throttle.reset();
    this.ctx.changed();
  }

  summary(code: string) {
    const a = this.account(code);
    return {
      code: a.code,
      settings: a.settings,
      counts: {
        products: Object.keys(a.products).length,
        contacts: Object.keys(a.contacts).length,
        orders: Object.keys(a.orders).length,
        goodsOutNotes: Object.keys(a.goodsOutNotes).length,
        dropShipNotes: Object.keys(a.dropShipNotes).length,
        goodsInNotes: Object.keys(a.goodsInNotes).length,
        payments: Object.keys(a.payments).length,
        webhooks: Object.keys(a.webhooks).length,
      },
      installations: Object.values(this.ctx.oauth.installations).filter((i) => i.account === code),
    };
  }

  seedProducts(code: string, input: SeedProductsInput) {
    return seedProducts(this.ctx, this.account(code), input);
  }

  createCustomer(code: string, input: SeedCustomerInput = {}): number {
    return seedCustomer(this.ctx, this.account(code), input);
  }

  updateProduct(code: string, productId: number, body: z.input<typeof productBodySchema>) {
    return updateProduct(this.ctx, this.account(code), productId, productBodySchema.parse(body));
  }

  /** Product custom fields (code → value; null clears one), as the merchant sets them in Brightpearl. */
  setProductCustomFields(code: string, productId: number, fields: Record<string, CustomFieldValue>): void {
    setProductCustomFields(this.account(code), productId, fields, this.ctx.now());
  }

  setPrices(code: string, productId: number, body: z.input<typeof priceBodySchema>): void {
    setPrices(this.ctx, this.account(code), productId, priceBodySchema.parse(body));
  }

  private productId(a: AccountState, ref: { productId?: number; sku?: string }): number {
    if (ref.productId !== undefined) {
      if (!a.products[ref.productId]) throw notFound(`Product ${ref.productId} not found`);
      return ref.productId;
    }
    const p = Object.values(a.products).find((x) => x.sku === ref.sku);
    if (!p) throw notFound(`No product with SKU ${ref.sku}`);
    return p.id;
  }

  /** Stock counted in or out of a warehouse: raises product.modified.on-hand-modified. */
  setStock(code: string, change: StockChange) {
    const c = stockChangeSchema.parse(change);
    const a = this.account(code);
    const productId = this.productId(a, c);
    const warehouseId = c.warehouseId ?? a.settings.defaultWarehouseId;
    if (!a.reference.warehouses.some((w) => w.id === warehouseId)) throw invalid("SBX-400", `Warehouse ${warehouseId} does not exist`);
    const level = changeStock(this.ctx, a, productId, warehouseId, { inStock: c.inStock, delta: c.delta });
    return { productId, warehouseId, ...level, onHand: level.inStock - level.allocated };
  }

  /**
   * Ships a goods-out note, creating it first for an order's unshipped lines when asked (fully, or
   * the `lines` given), with an optional tracking reference: the events a warehouse user's
   * "ship" raises (goods-out-note.created, .modified.shipped, on-hand changes, order events).
   */
  shipGoodsOut(code: string, input: ShipGoodsOutInput): { goodsOutNoteIds: number[] } {
    const i = shipGoodsOutSchema.parse(input);
    const a = this.account(code);
    let ids: number[];
    if (i.goodsOutNoteId !== undefined) {
      if (!a.goodsOutNotes[i.goodsOutNoteId]) throw notFound(`Goods-out note ${i.goodsOutNoteId} not found`);
      ids = [i.goodsOutNoteId];
    } else if (i.orderId !== undefined) {
      const order = orderOrThrow(a, i.orderId, "SO");
      const lines =
        i.lines ??
        order.rows
          .filter((r) => r.productId !== null && a.products[r.productId]?.stockTracked)
          .map((r) => ({ orderRowId: r.id, quantity: unnotedQuantity(a, order, r.id) }))
          .filter((l) => l.quantity > 0);
      const unshipped = Object.values(a.goodsOutNotes).filter((g) => g.orderId === order.id && !g.status.shipped);
      if (lines.length === 0 && unshipped.length === 0) throw invalid("SBX-400", `Order ${order.id} has nothing left to ship`);
      ids = unshipped.map((g) => g.id);
      if (lines.length) {
        const warehouseId = i.warehouseId ?? order.warehouseId;
        const notes = createGoodsOutNotes(
          this.ctx,
          a,
          order.id,
          {
            warehouses: [
              {
                warehouseId,
                products: lines.map((l) => {
                  const row = order.rows.find((r) => r.id === l.orderRowId);
                  if (!row || row.productId === null) throw invalid("SBX-400", `Row ${l.orderRowId} is not a product row of order ${order.id}`);
                  return { productId: row.productId, salesOrderRowId: row.id, quantity: l.quantity };
                }),
              },
            ],
            ...(i.shippingMethodId !== undefined ? { shippingMethodId: i.shippingMethodId } : {}),
          },
          i.force,
        );
        ids.push(...notes.map((n) => n.id));
      }
    } else {
      throw invalid("SBX-400", "Give goodsOutNoteId or orderId");
    }
    for (const id of ids) {
      if (i.trackingReference !== undefined || i.shippingMethodId !== undefined) {
        updateGoodsOutNote(this.ctx, a, id, { shipping: { reference: i.trackingReference, shippingMethodId: i.shippingMethodId } });
      }
      goodsOutEvents(this.ctx, a, id, { events: [{ eventCode: "SHW" }] });
    }
    return { goodsOutNoteIds: ids };
  }

  /** What a warehouse user does with a customer return: books the credit's goods in on a goods-in note. */
  receiveGoodsIn(code: string, input: ReceiveGoodsInInput): { goodsInNoteIds: number[] } {
    const i = receiveGoodsInSchema.parse(input);
    const a = this.account(code);
    const credit = orderOrThrow(a, i.orderId, "SC");
    const lines =
      i.lines ??
      credit.rows
        .filter((r) => r.productId !== null && a.products[r.productId]?.stockTracked)
        .map((r) => ({ orderRowId: r.id, quantity: Number(r.quantity) - receivedQuantity(a, credit.id, r.id) }))
        .filter((l) => l.quantity > 0);
    if (lines.length === 0) throw invalid("SBX-400", `Sales credit ${credit.id} has nothing left to receive`);
    const warehouseId = i.warehouseId ?? credit.warehouseId;
    const locationId = i.location === "quarantine" ? quarantineLocationId(warehouseId) : defaultLocationId(warehouseId);
    const notes = createGoodsInNotes(this.ctx, a, credit.id, {
      warehouseId,
      goodsMoved: lines.map((l) => {
        const row = credit.rows.find((r) => r.id === l.orderRowId);
        if (!row || row.productId === null) throw invalid("SBX-400", `Row ${l.orderRowId} is not a product row of sales credit ${credit.id}`);
        return { productId: row.productId, purchaseOrderRowId: row.id, quantity: l.quantity, destinationLocationId: locationId, productValue: { currency: credit.currencyCode, value: row.itemCost } };
      }),
      ...(i.userBatchReference ? { userBatchReference: i.userBatchReference } : {}),
    });
    return { goodsInNoteIds: notes.map((n) => n.id) };
  }

  createDropShipNote(code: string, input: z.input<typeof dropShipCreateSchema>): number {
    const i = dropShipCreateSchema.parse(input);
    return createDropShipNote(this.ctx, this.account(code), i.orderId, i).id;
  }

  /** Marks a drop-ship note shipped (creating one for the order when needed). */
  shipDropShip(code: string, input: z.input<typeof dropShipShipSchema>): number {
    const i = dropShipShipSchema.parse(input);
    const a = this.account(code);
    let id = i.dropShipNoteId;
    if (id === undefined) {
      if (i.orderId === undefined) throw invalid("SBX-400", "Give dropShipNoteId or orderId");
      id = Object.values(a.dropShipNotes).find((d) => d.orderId === i.orderId && !d.status.shipped)?.id ?? createDropShipNote(this.ctx, a, i.orderId, {}).id;
    }
    dropShipEvents(this.ctx, a, id, { events: [{ eventCode: "SHS", trackingReference: i.trackingReference, shippingMethodId: i.shippingMethodId }] });
    return id;
  }

  setOrderStatus(code: string, orderId: number, statusId: number, noteText?: string): void {
    setOrderStatus(this.ctx, this.account(code), orderId, { orderStatusId: statusId, ...(noteText ? { orderNote: { text: noteText } } : {}) });
  }

  invoiceOrder(code: string, orderId: number, taxDate?: string): void {
    const a = this.account(code);
    closeOrder(this.ctx, a, orderId, taxDate, orderOrThrow(a, orderId).orderTypeCode);
  }

  // ---- OAuth ----

  /** What approving the consent page does, without a browser: a code for the redirect URI. */
  issueAuthorizationCode(code: string, redirectUri = this.ctx.config.app.redirectUris[0]!): string {
    this.account(code);
    if (!this.ctx.config.app.redirectUris.includes(redirectUri)) throw invalid("SBX-400", "redirectUri is not registered for the app");
    return approve(this.ctx, code, this.ctx.config.app.appRef, redirectUri);
  }

  /** Installs the app and hands out tokens directly (for tests that are not about OAuth). */
  issueTokens(code: string): { accessToken: string; refreshToken: string; installationId: number; expiresIn: number } {
    this.account(code);
    const now = this.ctx.now();
    const installation = installFor(this.ctx.oauth, code, this.ctx.config.app.appRef, now);
    const accessToken = newToken();
    const refreshToken = newToken();
    const expiresIn = this.ctx.config.tokenLifetimeSeconds;
    this.ctx.oauth.accessTokens[accessToken] = { account: code, installationId: installation.id, appRef: this.ctx.config.app.appRef, expiresAt: now + expiresIn * 1000 };
    this.ctx.oauth.refreshTokens[refreshToken] = { account: code, installationId: installation.id, appRef: this.ctx.config.app.appRef, accessToken };
    this.ctx.changed();
    return { accessToken, refreshToken, installationId: installation.id, expiresIn };
  }

  expireAccessTokens(account?: string): number {
    const n = expireAccessTokens(this.ctx.oauth, this.ctx.now(), account);
    this.ctx.changed();
    return n;
  }

  /** Turns the app off in an account: calls answer 401 "Invalid instance token", refreshes invalid_grant. */
  revokeInstallation(account: string, installationId?: number): number[] {
    this.account(account);
    const revoked = revokeInstallations(this.ctx.oauth, account, this.ctx.now(), installationId);
    this.ctx.changed();
    return revoked;
  }

  /**
   * What turning the app off in the App Store does: the installation is revoked, then the app's
   * off URL (if registered) is told. Resolves with the status the app answered, if it was called.
   */
  async turnAppOff(account: string): Promise<{ revoked: number[]; offUrlStatus?: number }> {
    const revoked = this.revokeInstallation(account);
    const offUrl = this.ctx.config.app.offUrl;
    if (!offUrl) return { revoked };
    const url = new URL(offUrl);
    url.searchParams.set("accountCode", account);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      return { revoked, offUrlStatus: response.status };
    } catch {
      return { revoked, offUrlStatus: 0 };
    }
  }

  // ---- demo autopilot ----

  private shipping?: ReturnType<typeof shippingAutopilot>;

  /** Ships every sales order the connector creates in `account` once it is `shipAfterMs` old. */
  startAutopilot(account: string, shipAfterMs = DEFAULT_SHIP_AFTER_MS): AutopilotStatus {
    this.account(account);
    this.shipping ??= shippingAutopilot(this, this.ctx.now);
    this.shipping.shipAfter.set(account, shipAfterMs);
    return this.shipping.autopilot.start(account, CHECK_EVERY_MS);
  }

  stopAutopilot(account: string): boolean {
    return this.shipping?.autopilot.stop(account) ?? false;
  }

  stopAutopilots(): void {
    this.shipping?.autopilot.stopAll();
  }

  autopilotStatus(): AutopilotStatus[] {
    return this.shipping?.autopilot.status() ?? [];
  }

  // ---- throttle, webhooks, reset ----

  resetThrottle(account?: string): void {
    if (account === undefined) this.deps.throttle.reset();
    else for (const key of [`${account}|`, `${account}|${this.ctx.config.app.devRef}`]) this.deps.throttle.reset(key);
  }

  throttleState(account: string) {
    const limit = this.ctx.accounts.get(account)?.settings.throttle?.limit ?? this.ctx.config.throttle.limit;
    const windowMs = this.ctx.accounts.get(account)?.settings.throttle?.windowMs ?? this.ctx.config.throttle.windowMs;
    return { limit, windowMs, ...this.deps.throttle.peek(`${account}|${this.ctx.config.app.devRef}`, this.ctx.now(), limit, windowMs) };
  }

  /** Sends queued webhook batches now. */
  flushWebhooks(): void {
    this.deps.dispatcher.flush();
  }

  /** Resolves once no webhook delivery is queued, in flight or waiting for a retry. */
  webhooksIdle(): Promise<void> {
    return this.deps.dispatcher.idle();
  }

  /** Back to an empty sandbox (and the configured seed, unless `reseed` is false). */
  reset(options: { reseed?: boolean } = {}): void {
    this.deps.dispatcher.cancelAll();
    this.ctx.accounts.clear();
    Object.assign(this.ctx.oauth, emptyOAuthState());
    const initial = structuredClone(this.deps.initialConfig);
    const publicUrl = this.ctx.config.publicUrl;
    Object.assign(this.ctx.config, initial);
    // The URL the sandbox listens on outlives a reset.
    this.ctx.config.publicUrl ??= publicUrl;
    this.deps.throttle.reset();
    this.faults.clear();
    this.webhookFaults.clear();
    this.requests.clear();
    this.deliveries.clear();
    if (options.reseed !== false) this.deps.seed?.(this);
    this.ctx.changed();
  }

  /** Writes the snapshot now (when the sandbox has a data directory). */
  save(): void {
    this.deps.save();
  }
}
