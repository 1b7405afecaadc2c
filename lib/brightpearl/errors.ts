// One error type for everything that goes wrong talking to Brightpearl. `kind` decides retry; the
// message is written for the merchant, the detail for support.

export type BrightpearlErrorKind =
  /** 401: the access token is expired, invalid or the installation was revoked */
  | "auth"
  /** the resource does not exist (404 CMNC-404, or an empty answer where one was expected) */
  | "not-found"
  /** Brightpearl rejected what we sent (400, validation) — retrying the same request cannot help */
  | "invalid"
  /** the request budget is used up (503 with throttle headers); retry after `retryAfterMs` */
  | "throttled"
  /** Brightpearl is down, slow or answered 5xx; a retry may succeed */
  | "unavailable"
  /** the answer did not have the shape Brightpearl documents */
  | "malformed";

const RETRYABLE: ReadonlySet<BrightpearlErrorKind> = new Set(["throttled", "unavailable"]);

export type BrightpearlErrorDetail = { code?: string; message: string };

export class BrightpearlError extends Error {
  override name = "BrightpearlError";
  constructor(
    readonly kind: BrightpearlErrorKind,
    message: string,
    readonly options: {
      status?: number;
      errors?: BrightpearlErrorDetail[];
      retryAfterMs?: number;
      method?: string;
      path?: string;
      /** Brightpearl's request id (Ruid header), for their support */
      requestId?: string;
    } = {},
  ) {
    super(message);
  }

  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }

  get status(): number | undefined {
    return this.options.status;
  }

  /** The first Brightpearl error code (e.g. ORDC-005), when there is one. */
  get code(): string | undefined {
    return this.options.errors?.[0]?.code;
  }
}

/** OAuth token endpoint failures; `invalid_grant` means the merchant must reconnect. */
export class BrightpearlOAuthError extends Error {
  override name = "BrightpearlOAuthError";
  constructor(
    readonly error: string,
    readonly description: string | undefined,
    readonly status: number | undefined,
  ) {
    super(description ? `${error}: ${description}` : error);
  }

  get reconnectNeeded(): boolean {
    return this.error === "invalid_grant" || this.error === "invalid_client";
  }
}
