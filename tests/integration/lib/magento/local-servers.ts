// Small local servers that are not Magento, for the connection checks' failure cases: an https server
// with a self-signed certificate, a plain web page, a redirect, and a port nothing listens on.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export type LocalServer = { url: string; port: number; close: () => Promise<void> };
type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A key and certificate for localhost that no one vouches for, made with openssl. */
export function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "self-signed-"));
  try {
    const key = path.join(dir, "key.pem");
    const cert = path.join(dir, "cert.pem");
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
      { stdio: "ignore" },
    );
    return { key: readFileSync(key, "utf8"), cert: readFileSync(cert, "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function listening(server: Server, scheme: "http" | "https"): Promise<LocalServer> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `${scheme}://localhost:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

export const startHttpServer = (handler: Handler) => listening(createHttpServer(handler), "http");

export const startHttpsServer = (handler: Handler, tls = selfSignedCertificate()) => listening(createHttpsServer(tls, handler), "https");

/** An ordinary web page on every path: a web server, but no Magento REST API. */
export const startPlainWebsite = () =>
  startHttpServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end("<!doctype html><html><head><title>Welcome</title></head><body><h1>Our shop is coming soon</h1></body></html>");
  });

/** Redirects every request to the same path on `target`, as an http → https or www redirect does. */
export const startRedirect = (target: string) =>
  startHttpServer((req, res) => {
    res.writeHead(301, { location: `${target}${req.url ?? "/"}` });
    res.end();
  });

/** A port on 127.0.0.1 that was free a moment ago and has nothing listening on it. */
export async function closedPortUrl(): Promise<string> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://localhost:${port}`;
}
