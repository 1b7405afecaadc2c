// Runs once when a server instance starts (next dev and next start).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { assertEnvAtStartup } = await import("./lib/env");
  assertEnvAtStartup();
}
