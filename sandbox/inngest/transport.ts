// How the engine reaches the app: plain fetch over HTTP, or any function from a web Request to a
// Response (tests hand it the serve route's handlers directly). Every request is signed when the
// engine has a signing key, and says which kind of server sent it.
import type { CallBody } from "./protocol/call";
import { canonicalJson, signatureHeader } from "./signing";

export type Transport = (request: Request) => Promise<Response>;

export const httpTransport: Transport = (request) => fetch(request);

export class AppClient {
  constructor(
    private readonly transport: Transport,
    private readonly signingKey: string | undefined,
  ) {}

  private headers(body: string): Record<string, string> {
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "user-agent": "inngest-local-engine",
      // The SDK echoes this back; "cloud" whenever requests are signed, as a real server would.
      "x-inngest-server-kind": this.signingKey ? "cloud" : "dev",
    };
    // The SDK checks t against its own wall clock (5-minute window), so this is never a test clock.
    if (this.signingKey) headers["x-inngest-signature"] = signatureHeader(body, this.signingKey, Math.floor(Date.now() / 1000));
    return headers;
  }

  /** A call request; the caller reads the Response (see readOutcome). */
  call(url: string, body: CallBody, signal?: AbortSignal): Promise<Response> {
    const text = canonicalJson(body);
    return this.transport(new Request(url, { method: "POST", headers: this.headers(text), body: text, signal }));
  }

  /** Asks the app to sync: the SDK answers after it has POSTed its functions to /fn/register. */
  async sync(url: string, signal?: AbortSignal): Promise<{ ok: boolean; status: number; message: string }> {
    const response = await this.transport(new Request(url, { method: "PUT", headers: this.headers(""), signal }));
    const text = await response.text();
    let message = text;
    try {
      const parsed = JSON.parse(text) as { message?: unknown };
      if (typeof parsed.message === "string") message = parsed.message;
    } catch {
      // keep the raw text
    }
    return { ok: response.ok, status: response.status, message: message.slice(0, 500) };
  }
}

/** The serve URL for one call: the registered runtime URL with this call's step id. */
export function callUrl(runtimeUrl: string, functionId: string, stepId: string): string {
  const url = new URL(runtimeUrl);
  url.searchParams.set("fnId", functionId);
  url.searchParams.set("stepId", stepId);
  return url.href;
}
