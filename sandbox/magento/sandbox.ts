// The Magento 2 sandbox: several independent simulated installations ("instances") in one process,
// each served under /m/<id>/ (its base URL), the default one also at the root. The same control
// surface is available in-process (the returned `sandbox`) and over HTTP under ADMIN_PREFIX.
import { Hono } from "hono";
import { z } from "zod";
import { adminEnabled, ADMIN_PREFIX } from "../shared/admin";
import { faultInjector, Faults } from "../shared/faults";
import { RequestLog, requestLogger } from "../shared/request-log";
import { listen } from "../shared/serve";
import { honoPattern, magentoRoutes } from "./api/index";
import { orderAutopilot } from "./autopilot";
import { controlRoutes } from "./control/control-routes";
import { homePage } from "./control/home-page";
import { type CatalogueSeedOptions, seedCatalogue } from "./domain/demo-catalogue";
import { type GenerateOrdersOptions, generateOrders } from "./domain/order-generator";
import type { InstanceState } from "./domain/types";
import { errors, MagentoError } from "./http/errors";
import { errorResponse, routingPath, runRoute } from "./http/route-kit";
import { type IntegrationInput, MagentoInstance } from "./instance";
import { INSTANCE_ID, type InstanceConfigInput } from "./instance-config";

export type CreateInstanceInput = {
  id?: string;
  config?: InstanceConfigInput;
  integrations?: IntegrationInput[];
  catalogue?: CatalogueSeedOptions | false;
  orders?: GenerateOrdersOptions;
};

export type MagentoSandboxOptions = {
  /** how clients reach the sandbox; set automatically by startMagentoSandbox */
  publicUrl?: string;
  /** control API switch; default adminEnabled() (SANDBOX_ADMIN / NODE_ENV) */
  admin?: boolean;
  defaultInstanceId?: string;
  defaultInstanceConfig?: InstanceConfigInput;
  /** fills the default instance at start and after every reset (demo data in dev) */
  seedDefault?: (instance: MagentoInstance) => void;
  log?: (line: string) => void;
  /** fault injection's dice, for tests */
  random?: () => number;
};

export const snapshotSchema = z.object({
  version: z.literal(1),
  defaultInstanceId: z.string(),
  instances: z.array(z.object({ id: z.string().regex(INSTANCE_ID), config: z.unknown(), state: z.record(z.string(), z.unknown()) })),
});
export type SandboxSnapshot = z.infer<typeof snapshotSchema>;

export class MagentoSandbox {
  readonly faults: Faults;
  readonly requests = new RequestLog();
  readonly defaultInstanceId: string;
  readonly admin: boolean;
  publicUrl: string;
  /** set by every state-changing request; the snapshot writer clears it */
  dirty = false;
  private instances = new Map<string, MagentoInstance>();
  private generatedIds = 0;
  /** demo autopilot: places an order every few seconds in the instances it runs for */
  readonly autopilot = orderAutopilot(this);

  constructor(private readonly options: MagentoSandboxOptions = {}) {
    this.faults = new Faults(options.random);
    this.defaultInstanceId = options.defaultInstanceId ?? "default";
    this.admin = options.admin ?? adminEnabled();
    this.publicUrl = (options.publicUrl ?? "http://localhost:3002").replace(/\/$/, "");
    this.reset();
  }

  log(line: string): void {
    (this.options.log ?? ((l: string) => process.stderr.write(`${l}\n`)))(line);
  }

  baseUrlOf(id: string): string {
    return `${this.publicUrl}/m/${id}`;
  }

  createInstance(input: CreateInstanceInput = {}): MagentoInstance {
    const id = input.id ?? `store-${Date.now().toString(36)}-${++this.generatedIds}`;
    if (!INSTANCE_ID.test(id)) throw new Error(`instance id ${id} must be 1-63 letters, digits, "-" or "_"`);
    if (this.instances.has(id)) throw new Error(`instance ${id} already exists`);
    const instance = new MagentoInstance(id, input.config ?? {}, () => this.baseUrlOf(id));
    for (const integration of input.integrations ?? []) instance.createIntegration(integration);
    if (input.catalogue !== undefined && input.catalogue !== false) seedCatalogue(instance, input.catalogue);
    if (input.orders) generateOrders(instance, input.orders);
    this.instances.set(id, instance);
    this.dirty = true;
    return instance;
  }

  getInstance(id: string): MagentoInstance | undefined {
    return this.instances.get(id);
  }

  instance(id: string): MagentoInstance {
    const found = this.instances.get(id);
    if (!found) throw new Error(`no sandbox instance ${id}`);
    return found;
  }

  get defaultInstance(): MagentoInstance {
    return this.instance(this.defaultInstanceId);
  }

  listInstances(): MagentoInstance[] {
    return [...this.instances.values()];
  }

  deleteInstance(id: string): boolean {
    if (id === this.defaultInstanceId) throw new Error("the default instance cannot be deleted; reset it instead");
    this.dirty = true;
    return this.instances.delete(id);
  }

  /** Drops every instance, fault rule and logged request, and rebuilds the default instance. */
  reset(): void {
    this.instances.clear();
    this.faults.clear();
    this.requests.clear();
    const instance = this.createInstance({ id: this.defaultInstanceId, config: this.options.defaultInstanceConfig });
    this.options.seedDefault?.(instance);
    this.dirty = true;
  }

  snapshot(): SandboxSnapshot {
    return {
      version: 1,
      defaultInstanceId: this.defaultInstanceId,
      instances: this.listInstances().map((i) => ({ id: i.id, config: i.config, state: i.state as unknown as Record<string, unknown> })),
    };
  }

  restore(raw: unknown): void {
    const snapshot = snapshotSchema.parse(raw);
    if (!snapshot.instances.some((i) => i.id === this.defaultInstanceId)) throw new Error("the snapshot has no default instance");
    this.instances.clear();
    for (const entry of snapshot.instances) {
      this.instances.set(entry.id, new MagentoInstance(entry.id, entry.config, () => this.baseUrlOf(entry.id), entry.state as unknown as InstanceState));
    }
    this.dirty = false;
  }
}

/** Magento-shaped bodies for injected failures: a masked 500, a CDN/web-server page for 502-504. */
function injectedError(status: number): { body: string; type: string } {
  if (status >= 502 && status <= 504) {
    return { body: `<html><head><title>${status} Service Unavailable</title></head><body><h1>Service Unavailable</h1></body></html>`, type: "text/html" };
  }
  const error = status === 500 ? errors.internal() : status === 401 ? errors.notAuthorized("Magento_Backend::admin") : status === 404 ? errors.noRoute() : new MagentoError(status, "Injected failure");
  return { body: JSON.stringify(error.body()), type: "application/json; charset=utf-8" };
}

const accountOf = (path: string): string | undefined => /^\/m\/([^/]+)/.exec(path)?.[1];

export function createMagentoSandbox(options: MagentoSandboxOptions = {}): { app: Hono; sandbox: MagentoSandbox } {
  const sandbox = new MagentoSandbox(options);
  const app = new Hono({ getPath: (req) => routingPath(req.url, sandbox.defaultInstanceId) });

  app.use("*", async (c, next) => {
    await next();
    if (c.req.method !== "GET") sandbox.dirty = true;
  });
  app.get("/health", (c) => c.json({ status: "ok", service: "magento" }));
  app.use("/m/*", requestLogger(sandbox.requests, (c) => accountOf(c.req.path)));
  app.use(
    "/m/*",
    faultInjector(sandbox.faults, (c) => accountOf(c.req.path), (c, status) => {
      const { body, type } = injectedError(status);
      return c.body(body, status as 500, { "Content-Type": type });
    }),
  );

  app.route(ADMIN_PREFIX, controlRoutes(sandbox));

  const instanceOf = (id: string) => sandbox.getInstance(id);
  for (const def of magentoRoutes) app.on(def.method, honoPattern(def), runRoute(def, instanceOf, (l) => sandbox.log(l)));

  app.get("/", (c) => c.html(homePage(sandbox, sandbox.defaultInstance)));
  for (const page of ["/m/:instance", "/m/:instance/"]) {
    app.get(page, (c) => {
      const instance = sandbox.getInstance(c.req.param("instance") ?? "");
      return instance ? c.html(homePage(sandbox, instance)) : c.text("No such sandbox instance.", 404);
    });
  }

  app.notFound((c) => {
    const m = /^\/m\/([^/]+)\/rest(\/|$)/.exec(c.req.path);
    const instance = m ? sandbox.getInstance(m[1]!) : undefined;
    if (instance) return errorResponse(c, errors.noRoute(), instance.config.developerMode);
    return c.text("Not found", 404);
  });
  app.onError((error, c) => {
    sandbox.log(`unhandled: ${error.stack ?? error.message}`);
    return errorResponse(c, errors.internal(), false);
  });

  return { app, sandbox };
}

export type StartOptions = MagentoSandboxOptions & { port?: number; hostname?: string };

export async function startMagentoSandbox(options: StartOptions = {}): Promise<{ url: string; close: () => Promise<void>; sandbox: MagentoSandbox; app: Hono }> {
  const { app, sandbox } = createMagentoSandbox(options);
  const server = await listen(app, options.port ?? 0, options.hostname);
  if (!options.publicUrl) sandbox.publicUrl = server.url;
  const close = async () => {
    sandbox.autopilot.stopAll();
    await server.close();
  };
  return { url: server.url, close, sandbox, app };
}
