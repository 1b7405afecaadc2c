import { tenantTokens } from "@/lib/brightpearl/connect";
import { inngest } from "../client";
import { brightpearlTokenRefreshRequested } from "../events";

export const brightpearlRefreshToken = inngest.createFunction(
  { id: "brightpearl-refresh-token", triggers: [brightpearlTokenRefreshRequested], concurrency: { key: "event.data.tenantId", limit: 1 } },
  async ({ event, step }) =>
    step.run("refresh", async () => {
      // Asking for a token renews it when it is near expiry (and only then).
      await tenantTokens(event.data.tenantId).accessToken();
      return { tenantId: event.data.tenantId };
    }),
);
