// Starts a sandbox's Hono app on 127.0.0.1:<port> (0 = any free port) and says where it listens.
import { serve, type ServerType } from "@hono/node-server";
import type { Hono } from "hono";

export type RunningServer = { url: string; port: number; close: () => Promise<void> };

export function listen(app: Hono, port: number, hostname = "127.0.0.1"): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    let server: ServerType;
    try {
      server = serve({ fetch: app.fetch, port, hostname }, (info) => {
        resolve({
          port: info.port,
          url: `http://${hostname === "127.0.0.1" ? "localhost" : hostname}:${info.port}`,
          close: () => new Promise<void>((done) => server.close(() => done())),
        });
      });
      server.on("error", reject);
    } catch (error) {
      reject(error);
    }
  });
}

/** Reads a port from the environment; a clear line and exit on nonsense. */
export function portFromEnv(name = "PORT", fallback: number): number {
  const raw = process.env[name];
  const port = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`Configuration error: ${name} is invalid; expected a TCP port number.\n`);
    process.exit(1);
  }
  return port;
}
