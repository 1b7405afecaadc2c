// The product in sandbox mode: the configuration that points the app at the local stand-ins, and
// the commands that start each service. `npm run dev`, `npm run sandbox` and the end-to-end tests
// all start the stack through here, so they cannot drift apart.
import path from "node:path";
import { bin, ROOT } from "./paths";
import type { ProcessGroup, Service } from "./processes";

export type StackPorts = { app: number; brightpearl: number; magento: number; engine: number };

export const DEFAULT_PORTS: StackPorts = { app: 3000, brightpearl: 3001, magento: 3002, engine: 8288 };

/** The sandbox app registration the Brightpearl stand-in knows; never valid against the real service. */
export const SANDBOX_APP = {
  appRef: "connector-sandbox",
  devRef: "connector-dev",
  clientSecret: "sandbox-client-secret",
} as const;

export const urls = (ports: StackPorts) => ({
  app: `http://localhost:${ports.app}`,
  brightpearl: `http://localhost:${ports.brightpearl}`,
  magento: `http://localhost:${ports.magento}`,
  engine: `http://127.0.0.1:${ports.engine}`,
});

/**
 * Environment for the app in sandbox mode. Values already set by the user win, unless `overwrite`
 * (a test stack on its own ports must not inherit another stack's URLs).
 */
export function sandboxAppEnv(ports: StackPorts, base: NodeJS.ProcessEnv, overwrite = false): NodeJS.ProcessEnv {
  const u = urls(ports);
  const defaults: Record<string, string> = {
    CONNECTOR_MODE: "sandbox",
    NEXT_TELEMETRY_DISABLED: "1",
    APP_URL: u.app,
    NEXTAUTH_URL: u.app,
    BRIGHTPEARL_OAUTH_URL: u.brightpearl,
    BRIGHTPEARL_API_HOSTS: `localhost:${ports.brightpearl}`,
    BRIGHTPEARL_APP_REF: SANDBOX_APP.appRef,
    BRIGHTPEARL_DEV_REF: SANDBOX_APP.devRef,
    BRIGHTPEARL_CLIENT_SECRET: SANDBOX_APP.clientSecret,
    INNGEST_DEV: u.engine,
    SANDBOX_BRIGHTPEARL_URL: u.brightpearl,
    SANDBOX_MAGENTO_URL: u.magento,
  };
  const env: NodeJS.ProcessEnv = { ...base };
  for (const [k, v] of Object.entries(defaults)) if (overwrite || !env[k]) env[k] = v;
  return env;
}

const tsx = (file: string) => [bin("tsx"), [path.join(ROOT, file)]] as const;

/** Starts the two sandboxes and the local Inngest engine (not the app). */
export function startSandboxServices(
  group: ProcessGroup,
  ports: StackPorts,
  env: NodeJS.ProcessEnv,
  options: { dataDir?: string; quiet?: boolean } = {},
): Service[] {
  const u = urls(ports);
  // The sandboxes' control API serves tests and demos; on here even when the app runs as a production build.
  const common = { ...env, SANDBOX_ADMIN: "on", ...(options.dataDir ? { SANDBOX_DATA_DIR: options.dataDir } : {}) };
  const quiet = options.quiet;
  const [cmd, bpArgs] = tsx("sandbox/brightpearl/main.ts");
  const [, mgArgs] = tsx("sandbox/magento/main.ts");
  const [, engineArgs] = tsx("sandbox/inngest/main.ts");
  return [
    group.start("brightpearl", cmd, [...bpArgs], {
      env: {
        ...common,
        PORT: String(ports.brightpearl),
        PUBLIC_URL: u.brightpearl,
        SANDBOX_APP_REF: SANDBOX_APP.appRef,
        SANDBOX_DEV_REF: SANDBOX_APP.devRef,
        SANDBOX_CLIENT_SECRET: SANDBOX_APP.clientSecret,
        SANDBOX_REDIRECT_URI: `${env.APP_URL ?? u.app}/api/brightpearl/callback`,
        SANDBOX_APP_OFF_URL: `${env.APP_URL ?? u.app}/api/brightpearl/app-off`,
      },
      quiet,
    }),
    group.start("magento", cmd, [...mgArgs], { env: { ...common, PORT: String(ports.magento), PUBLIC_URL: u.magento }, quiet }),
    group.start("inngest", cmd, [...engineArgs], {
      env: { ...common, PORT: String(ports.engine), APP_SERVE_URL: `${u.app}/api/inngest` },
      quiet,
    }),
  ];
}
