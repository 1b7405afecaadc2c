// One simulated Magento installation: its configuration, derived store topology, integrations,
// OAuth nonces and data. Everything it holds is plain data (`state`), so a snapshot is JSON.
import { randomInt } from "node:crypto";
import { type ConfigPatch, configPatchSchema, type InstanceConfig, parseInstanceConfig } from "./instance-config";
import { magentoDate } from "./domain/format";
import { buildTopology, type StoreTopology } from "./domain/stores";
import { emptyState, type InstanceState, type Integration, type ProductRecord } from "./domain/types";

const CREDENTIAL_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** Magento's Oauth helper: 32 characters of lowercase letters and digits. */
export function generateCredential(): string {
  let out = "";
  for (let i = 0; i < 32; i++) out += CREDENTIAL_ALPHABET[randomInt(CREDENTIAL_ALPHABET.length)];
  return out;
}

export type IntegrationInput = {
  name?: string;
  resources?: "all" | string[];
  active?: boolean;
  consumerKey?: string;
  consumerSecret?: string;
  accessToken?: string;
  accessTokenSecret?: string;
};

/** Old nonces are cleaned up like Magento's oauth cleanup cron. UNVERIFIED: 120 minutes. */
const NONCE_RETENTION_MS = 120 * 60_000;

export class MagentoInstance {
  config: InstanceConfig;
  topology: StoreTopology;
  state: InstanceState;
  private nonces = new Map<number, Map<string, number>>();
  private productsBySku = new Map<string, ProductRecord>();
  private lastNoncePrune = 0;

  constructor(
    readonly id: string,
    config: unknown,
    private readonly baseUrlOf: () => string,
    state?: InstanceState,
  ) {
    this.config = parseInstanceConfig(config);
    this.topology = buildTopology(this.config);
    this.state = state ?? emptyState();
    this.reindex();
  }

  private frozenAt: number | undefined;

  /** the instance's base URL as clients see it, e.g. http://localhost:3002/m/acme */
  get baseUrl(): string {
    return this.baseUrlOf();
  }

  now(): number {
    return this.frozenAt ?? Date.now() + this.state.clockOffsetMs;
  }

  /** Runs `fn` with the store's clock stopped at `ms`: generated history gets exact timestamps. */
  atTime<T>(ms: number, fn: () => T): T {
    const previous = this.frozenAt;
    this.frozenAt = ms;
    try {
      return fn();
    } finally {
      this.frozenAt = previous;
    }
  }

  nowString(): string {
    return magentoDate(this.now());
  }

  nextId(counter: string): number {
    const next = (this.state.counters[counter] ?? 0) + 1;
    this.state.counters[counter] = next;
    return next;
  }

  updateConfig(patch: ConfigPatch): void {
    const parsed = configPatchSchema.parse(patch);
    this.config = parseInstanceConfig({ ...this.config, ...parsed });
    this.topology = buildTopology(this.config);
  }

  reindex(): void {
    this.productsBySku = new Map(this.state.products.map((p) => [p.sku.toLowerCase(), p]));
  }

  /** SKU lookups are case-insensitive, as the catalog_product_entity.sku column is. */
  productBySku(sku: string): ProductRecord | undefined {
    return this.productsBySku.get(sku.toLowerCase());
  }

  productById(id: number): ProductRecord | undefined {
    return this.state.products.find((p) => p.id === id);
  }

  addProduct(product: ProductRecord): void {
    this.state.products.push(product);
    this.productsBySku.set(product.sku.toLowerCase(), product);
  }

  createIntegration(input: IntegrationInput = {}): Integration {
    for (const key of ["consumerKey", "consumerSecret", "accessToken", "accessTokenSecret"] as const) {
      const value = input[key];
      if (value !== undefined && !/^[a-z0-9]{32}$/.test(value)) throw new Error(`${key} must be 32 lowercase letters or digits`);
    }
    if (input.resources !== undefined && input.resources !== "all") {
      const unknown = input.resources.filter((r) => !/^[A-Za-z0-9_]+::[A-Za-z0-9_]+$/.test(r));
      if (unknown.length) throw new Error(`not ACL resource ids: ${unknown.join(", ")}`);
    }
    const id = this.nextId("integration");
    const integration: Integration = {
      id,
      name: input.name ?? `Integration ${id}`,
      consumerId: this.nextId("oauth_consumer"),
      consumerKey: input.consumerKey ?? generateCredential(),
      consumerSecret: input.consumerSecret ?? generateCredential(),
      accessToken: input.accessToken ?? generateCredential(),
      accessTokenSecret: input.accessTokenSecret ?? generateCredential(),
      resources: input.resources ?? "all",
      active: input.active ?? true,
      revoked: false,
    };
    if (this.state.integrations.some((i) => i.consumerKey === integration.consumerKey || i.accessToken === integration.accessToken)) {
      throw new Error("an integration with this consumer key or access token already exists");
    }
    this.state.integrations.push(integration);
    return integration;
  }

  /** Re-authorising deletes the old token pair and issues a new one. */
  reauthorize(integrationId: number): Integration {
    const integration = this.integration(integrationId);
    integration.accessToken = generateCredential();
    integration.accessTokenSecret = generateCredential();
    integration.revoked = false;
    return integration;
  }

  integration(id: number): Integration {
    const found = this.state.integrations.find((i) => i.id === id);
    if (!found) throw new Error(`integration ${id} does not exist`);
    return found;
  }

  /** Records a nonce; false when this consumer already used it. */
  useNonce(consumerId: number, nonce: string): boolean {
    const now = Date.now();
    if (now - this.lastNoncePrune > 60_000) {
      this.lastNoncePrune = now;
      for (const used of this.nonces.values()) for (const [n, at] of used) if (now - at > NONCE_RETENTION_MS) used.delete(n);
    }
    let used = this.nonces.get(consumerId);
    if (!used) this.nonces.set(consumerId, (used = new Map()));
    if (used.has(nonce)) return false;
    used.set(nonce, now);
    return true;
  }

  clearData(): void {
    const integrations = this.state.integrations;
    const counters = Object.fromEntries(Object.entries(this.state.counters).filter(([k]) => k === "integration" || k === "oauth_consumer"));
    this.state = { ...emptyState(), integrations, counters };
    this.nonces.clear();
    this.reindex();
  }

  describe() {
    return {
      id: this.id,
      baseUrl: this.baseUrl,
      config: this.config,
      integrations: this.state.integrations,
      counts: {
        products: this.state.products.length,
        customers: this.state.customers.length,
        orders: this.state.orders.length,
        shipments: this.state.shipments.length,
        invoices: this.state.invoices.length,
        creditmemos: this.state.creditmemos.length,
      },
      now: this.nowString(),
    };
  }
}
