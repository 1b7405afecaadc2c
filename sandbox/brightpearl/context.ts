// What every part of the sandbox shares: the runtime configuration (changeable through the control
// API), the clock, the accounts, the OAuth records, and the hooks that raise webhook events and
// mark state for the next snapshot.
import type { OAuthState } from "./oauth/oauth-state";
import type { AccountState } from "./state/types";

export type AppRegistration = {
  appRef: string;
  devRef: string;
  clientSecret: string;
  /** redirect URIs registered for the app; authorize and token calls must use one of them */
  redirectUris: string[];
  name: string;
  /**
   * The app's "turn off" URL from the developer portal, called when the merchant turns the app
   * off. What Brightpearl sends there is undocumented; the sandbox sends GET ?accountCode=<code>.
   */
  offUrl?: string;
};

export type ThrottleConfig = { limit: number; windowMs: number };

export type WebhookConfig = {
  /** ids raised for the same hook and event within this window go out as one ID set */
  batchWindowMs: number;
  maxIdsPerDelivery: number;
  timeoutMs: number;
  /** delay before each retry; its length bounds the retries */
  retryDelaysMs: number[];
};

export type SandboxConfig = {
  app: AppRegistration;
  /** the sandbox's own base URL; its host:port is the api_domain handed out with tokens */
  publicUrl: string | undefined;
  tokenLifetimeSeconds: number;
  codeLifetimeSeconds: number;
  /**
   * A refresh while the access token is still valid returns that same token with its remaining
   * lifetime (recorded refresh: expires_in 537227 < 604800). UNVERIFIED reading of the recording;
   * switch off to always mint a new access token.
   */
  refreshKeepsLiveAccessToken: boolean;
  throttle: ThrottleConfig;
  webhooks: WebhookConfig;
  brightpearlVersion: string;
};

export type SandboxContext = {
  config: SandboxConfig;
  now: () => number;
  accounts: Map<string, AccountState>;
  oauth: OAuthState;
  /** raises a webhook event for ids of one resource */
  emit: (account: AccountState, event: string, ids: number | number[]) => void;
  /** state changed: the next snapshot should be written */
  changed: () => void;
};
