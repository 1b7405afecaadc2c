// The sandboxes' control API (/__sandbox/...): seeding, fault injection, request logs, test
// shortcuts. It exists for tests and demos only and is refused unless enabled: SANDBOX_ADMIN=on,
// or any value but "off" outside NODE_ENV=production.
export function adminEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.SANDBOX_ADMIN === "on") return true;
  if (env.SANDBOX_ADMIN === "off") return false;
  return env.NODE_ENV !== "production";
}

export const ADMIN_PREFIX = "/__sandbox";
