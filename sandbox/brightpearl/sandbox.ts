// The Brightpearl sandbox: a Hono app that behaves like Brightpearl's OAuth host and public API
// for any number of accounts, plus a control object for tests and demos.
import { Hono, type Context } from "hono";
import { ADMIN_PREFIX, adminEnabled } from "../shared/admin";
import { faultInjector, Faults } from "../shared/faults";
import { RequestLog, requestLogger } from "../shared/request-log";
import { listen } from "../shared/serve";
import { accountingService } from "./api/accounting-service";
import { contactService } from "./api/contact-service";
import { integrationService } from "./api/integration-service";
import { multiMessage } from "./api/multi-message";
import { orderService } from "./api/order-service";
import { productService } from "./api/product-service";
import { warehouseService } from "./api/warehouse-service";
import type { AppRegistration, SandboxConfig, SandboxContext, ThrottleConfig, WebhookConfig } from "./context";
import { BrightpearlControl } from "./control/control";
import { controlRoutes } from "./control/routes";
import { ApiError } from "./http/errors";
import { accountFromPath, authGate, internalRequests, throttleGate } from "./http/gateway";
import type { ApiEnv } from "./http/request";
import { RollingThrottle } from "./http/throttle";
import { emptyOAuthState } from "./oauth/oauth-state";
import { oauthRoutes } from "./oauth/routes";
import { upgradeAccount } from "./state/accounts";
import { loadSnapshot, saveSnapshot } from "./state/snapshot";
import type { AccountState } from "./state/types";
import { DeliveryLog } from "./webhooks/delivery-log";
import { WebhookDispatcher } from "./webhooks/dispatcher";
import { WebhookFaults } from "./webhooks/faults";

export type BrightpearlSandboxOptions = {
  app?: Partial<Omit<AppRegistration, "redirectUris">> & { redirectUris?: string[] };
  /** base URL the sandbox is reached at; its host:port becomes api_domain */
  publicUrl?: string;
  tokenLifetimeSeconds?: number;
  codeLifetimeSeconds?: number;
  refreshKeepsLiveAccessToken?: boolean;
  throttle?: Partial<ThrottleConfig>;
  webhooks?: Partial<WebhookConfig>;
  /** serve the control API under /__sandbox; defaults to adminEnabled() */
  admin?: boolean;
  /** keep a JSON snapshot of accounts and tokens here, and load it at start */
  dataDir?: string;
  /** fills a fresh sandbox (no snapshot) and runs again after reset() */
  seed?: (control: BrightpearlControl) => void;
  now?: () => number;
  random?: () => number;
  log?: (line: string) => void;
};

export type BrightpearlSandbox = {
  app: Hono;
  control: BrightpearlControl;
  /** stops webhook deliveries and timers and writes the last snapshot */
  close: () => Promise<void>;
};

export const DEFAULT_APP: AppRegistration = {
  appRef: "connector-sandbox",
  devRef: "connector-dev",
  clientSecret: "sandbox-client-secret",
  redirectUris: ["http://localhost:3000/api/brightpearl/callback"],
  name: "Magento 2 Connector",
};

export const TOKEN_LIFETIME_SECONDS = 604_800;

function buildConfig(o: BrightpearlSandboxOptions): SandboxConfig {
  return {
    app: { ...DEFAULT_APP, ...o.app, redirectUris: o.app?.redirectUris ?? DEFAULT_APP.redirectUris },
    publicUrl: o.publicUrl,
    tokenLifetimeSeconds: o.tokenLifetimeSeconds ?? TOKEN_LIFETIME_SECONDS,
    // UNVERIFIED: how long a code lives; OAuth recommends at most ten minutes.
    codeLifetimeSeconds: o.codeLifetimeSeconds ?? 600,
    refreshKeepsLiveAccessToken: o.refreshKeepsLiveAccessToken ?? true,
    throttle: { limit: 200, windowMs: 60_000, ...o.throttle },
    webhooks: { batchWindowMs: 1_000, maxIdsPerDelivery: 100, timeoutMs: 10_000, retryDelaysMs: [1_000, 5_000, 30_000, 120_000, 600_000], ...o.webhooks },
    brightpearlVersion: "7.0.0",
  };
}

const apiErrorBody = (c: Context, status: number) =>
  status === 503 ? c.json({ response: "Service temporarily unavailable" }, 503) : c.json({ errors: [{ code: status >= 500 ? "CMNC-500" : `CMNC-${status}`, message: "Injected failure" }] }, status as 500);

export function createBrightpearlSandbox(options: BrightpearlSandboxOptions = {}): BrightpearlSandbox {
  const log = options.log ?? (() => undefined);
  const config = buildConfig(options);
  const initialConfig = structuredClone(config);
  const accounts = new Map<string, AccountState>();
  const throttle = new RollingThrottle();
  const faults = new Faults(options.random);
  const webhookFaults = new WebhookFaults(options.random);
  const requests = new RequestLog();
  const deliveries = new DeliveryLog();
  const now = options.now ?? Date.now;

  let dirty = false;
  let saveTimer: NodeJS.Timeout | undefined;
  const ctx: SandboxContext = {
    config,
    now,
    accounts,
    oauth: emptyOAuthState(),
    emit: (account, event, ids) => dispatcher.emit(account, event, Array.isArray(ids) ? ids : [ids]),
    changed: () => {
      if (!options.dataDir) return;
      dirty = true;
      if (!saveTimer) {
        saveTimer = setTimeout(save, 250);
        saveTimer.unref();
      }
    },
  };
  const dispatcher = new WebhookDispatcher({ config: () => ctx.config.webhooks, now, version: () => ctx.config.brightpearlVersion, log: deliveries, faults: webhookFaults });

  function save() {
    saveTimer = undefined;
    if (!options.dataDir || !dirty) return;
    dirty = false;
    try {
      saveSnapshot(options.dataDir, [...accounts.values()], ctx.oauth);
    } catch (e) {
      log(`could not write the snapshot: ${(e as Error).message}`);
    }
  }

  const control = new BrightpearlControl({ ctx, throttle, faults, webhookFaults, requests, deliveries, dispatcher, initialConfig, seed: options.seed, save: () => ((dirty = true), save()) });

  const restored = options.dataDir ? loadSnapshot(options.dataDir) : undefined;
  if (restored) {
    for (const a of restored.accounts) accounts.set(a.code, upgradeAccount(a));
    Object.assign(ctx.oauth, restored.oauth);
    log(`restored ${restored.accounts.length} account(s) from ${options.dataDir}`);
  } else {
    options.seed?.(control);
  }

  const app = new Hono();
  app.onError((err, c) => {
    if (err instanceof ApiError) return c.json(err.body(), err.status);
    log(`error on ${c.req.method} ${c.req.path}: ${err.stack ?? err.message}`);
    return c.json({ errors: [{ code: "CMNC-500", message: "Internal server error" }] }, 500);
  });
  app.get("/health", (c) => c.json({ status: "ok", service: "brightpearl" }));

  if (options.admin ?? adminEnabled()) app.route(ADMIN_PREFIX, controlRoutes(control));
  else app.all(`${ADMIN_PREFIX}/*`, (c) => c.json({ error: "The sandbox control API is disabled (SANDBOX_ADMIN=off)" }, 403));

  const accountOf = (c: Context) => accountFromPath(c.req.path);
  const logRequests = requestLogger(requests, accountOf);
  app.use("/public-api/*", (c, next) => (internalRequests.has(c.req.raw) ? next() : logRequests(c, next)));
  app.use("/token/*", logRequests);
  app.use("/authorize/*", logRequests);
  app.use("/public-api/*", throttleGate(ctx, throttle));
  app.use("/public-api/*", faultInjector(faults, accountOf, apiErrorBody));
  app.use("/token/*", faultInjector(faults, accountOf, apiErrorBody));
  app.use("/public-api/:account/*", authGate(ctx));

  app.route("/", oauthRoutes(ctx));

  const api = new Hono<ApiEnv>();
  api.route("/", contactService(ctx));
  api.route("/", productService(ctx));
  api.route("/", warehouseService(ctx));
  api.route("/", orderService(ctx));
  api.route("/", accountingService(ctx));
  api.route("/", integrationService(ctx, dispatcher));
  api.route("/", multiMessage((req) => Promise.resolve(app.fetch(req))));
  app.route("/public-api/:account", api as unknown as Hono);

  app.notFound((c) =>
    c.req.path.startsWith("/public-api/") ? c.json({ errors: [{ code: "CMNC-404", message: `No resource at ${c.req.method} ${c.req.path}` }] }, 404) : c.text("Not found", 404),
  );

  return {
    app,
    control,
    close: async () => {
      control.stopAutopilots();
      dispatcher.close();
      if (saveTimer) clearTimeout(saveTimer);
      save();
    },
  };
}

export type StartedBrightpearlSandbox = { url: string; port: number; close: () => Promise<void>; sandbox: BrightpearlSandbox };

/** Listens on 127.0.0.1:port (0 = any free port); api_domain follows the real port unless publicUrl is given. */
export async function startBrightpearlSandbox(options: BrightpearlSandboxOptions & { port?: number; hostname?: string } = {}): Promise<StartedBrightpearlSandbox> {
  const sandbox = createBrightpearlSandbox(options);
  const server = await listen(sandbox.app, options.port ?? 0, options.hostname);
  if (!options.publicUrl) sandbox.control.configure({ publicUrl: server.url });
  return {
    url: server.url,
    port: server.port,
    sandbox,
    close: async () => {
      await sandbox.close();
      await server.close();
    },
  };
}
