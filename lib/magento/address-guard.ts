// In production the connector talks only to stores on the public internet. A base URL that names or
// resolves to a private, loopback or link-local address would let anyone with a session make the
// connector call into its own network (SSRF). The address is checked as the connection is opened,
// not only when the URL is typed, so a DNS answer that changes afterwards (rebinding) is caught too.
import { lookup, type LookupAddress, type LookupOptions } from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";

const blocked = new net.BlockList();
const V4_RANGES: [string, number][] = [
  ["0.0.0.0", 8], // "this" network
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local (cloud metadata services live here)
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // 6to4 relay
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
];
const V6_RANGES: [string, number][] = [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["100::", 64], // discard
  ["2001:db8::", 32], // documentation
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated, still routable inside some networks)
  ["ff00::", 8], // multicast
];
for (const [prefix, bits] of V4_RANGES) blocked.addSubnet(prefix, bits, "ipv4");
for (const [prefix, bits] of V6_RANGES) blocked.addSubnet(prefix, bits, "ipv6");

/** The eight 16-bit groups of an IPv6 address (a trailing dotted quad is folded into the last two). */
function ipv6Groups(ip: string): number[] {
  let text = ip;
  const dotted = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const compressed = text.indexOf("::");
  const head = (compressed < 0 ? text : text.slice(0, compressed)).split(":").filter(Boolean);
  const tail = compressed < 0 ? [] : text.slice(compressed + 2).split(":").filter(Boolean);
  const fill = compressed < 0 ? 0 : 8 - head.length - tail.length;
  return [...head, ...Array<string>(fill).fill("0"), ...tail].map((g) => Number.parseInt(g, 16));
}

/** An IPv4 address carried inside an IPv6 one (mapped, compatible, NAT64, 6to4): judged as IPv4. */
function embeddedIpv4(g: number[]): string | undefined {
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && g[5] === 0xffff) return v4(g[6]!, g[7]!);
  if (zeros(0, 6) && g[6] !== 0) return v4(g[6]!, g[7]!);
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return v4(g[6]!, g[7]!);
  if (g[0] === 0x2002) return v4(g[1]!, g[2]!);
  return undefined;
}

/** True for an address on the public internet; false for private, loopback, link-local and reserved ones. */
export function isPublicAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, "").split("%")[0]!;
  const family = net.isIP(ip);
  if (family === 4) return !blocked.check(ip, "ipv4");
  if (family !== 6) return false;
  const embedded = embeddedIpv4(ipv6Groups(ip));
  if (embedded) return isPublicAddress(embedded);
  return !blocked.check(ip, "ipv6");
}

export class BlockedAddressError extends Error {
  override name = "BlockedAddressError";
  readonly code = "ERR_BLOCKED_ADDRESS";
  constructor(
    readonly hostname: string,
    readonly address: string,
  ) {
    super(`${hostname} is at ${address}, which is not a public internet address`);
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
type AddressPolicy = (address: string) => boolean;

/** dns.lookup that refuses the whole host when any of its addresses is not allowed. */
function checkedLookup(allowed: AddressPolicy) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const bad = addresses.find((a) => !allowed(a.address));
      if (bad) return callback(new BlockedAddressError(hostname, bad.address) as unknown as NodeJS.ErrnoException, []);
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: "ENOTFOUND" }), []);
      callback(null, first.address, first.family);
    });
  };
}

const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

/**
 * A fetch for the Magento client that connects only to addresses `allowed` accepts, checked on the
 * address actually connected to. Failures look like fetch's own (a TypeError whose cause carries the
 * code), so the client classifies them the same way. Redirects are never followed.
 */
export function addressCheckedFetch(allowed: AddressPolicy): typeof fetch {
  const lookupChecked = checkedLookup(allowed);
  // Own agents: a kept-alive socket opened without the check must never be reused by this fetch.
  const agents = { "http:": new http.Agent({ keepAlive: true }), "https:": new https.Agent({ keepAlive: true }) };
  return (input, init = {}) => {
    const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    const host = url.hostname.replace(/^\[|\]$/g, "");
    const signal = init.signal ?? undefined;
    if (net.isIP(host) && !allowed(host)) return Promise.reject(new TypeError("fetch failed", { cause: new BlockedAddressError(host, host) }));
    const transport = url.protocol === "https:" ? https : url.protocol === "http:" ? http : undefined;
    if (!transport) return Promise.reject(new TypeError(`fetch failed: unsupported protocol ${url.protocol}`));
    if (init.body != null && typeof init.body !== "string") return Promise.reject(new TypeError("addressCheckedFetch sends string bodies only"));
    const body = init.body ?? undefined;
    const headers: Record<string, string> = Object.fromEntries(new Headers(init.headers).entries());
    if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));

    return new Promise<Response>((resolve, reject) => {
      const fail = (error: unknown) => reject(signal?.aborted ? signal.reason : new TypeError("fetch failed", { cause: error }));
      const agent = agents[url.protocol as keyof typeof agents];
      const request = transport.request(url, { method: init.method ?? "GET", headers, lookup: lookupChecked, signal, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", fail);
        res.on("end", () => {
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            if (value === undefined) continue;
            for (const v of Array.isArray(value) ? value : [value]) responseHeaders.append(name, v);
          }
          const status = res.statusCode ?? 502;
          resolve(new Response(NULL_BODY_STATUS.has(status) ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage, headers: responseHeaders }));
        });
      });
      request.on("error", fail);
      if (body !== undefined) request.write(body);
      request.end();
    });
  };
}

/** Production's fetch for Magento stores: public internet addresses only. */
export const publicOnlyFetch: typeof fetch = addressCheckedFetch(isPublicAddress);

/** Production: public addresses only. Sandbox: anything, so the local Magento sandbox is reachable. */
export function fetchForMode(mode: "sandbox" | "production"): typeof fetch {
  return mode === "production" ? publicOnlyFetch : (input, init) => fetch(input, init);
}
