import { describe, expect, it } from "vitest";
import { APP, apiFor, startSandbox } from "./helpers";
import { startReceiver } from "./receiver";

describe("turning the app off", () => {
  it("revokes the installation, then calls the app's off URL with the account code", async () => {
    const offEndpoint = await startReceiver();
    const bp = await startSandbox({ app: { ...APP, offUrl: `${offEndpoint.url}/api/brightpearl/app-off` } });
    bp.sandbox.control.createAccount({ code: "offacct" });
    const tokens = bp.sandbox.control.issueTokens("offacct");
    const api = apiFor(bp.url, "offacct", tokens.accessToken);
    expect((await api.get("/product-service/price-list")).status).toBe(200);

    const result = await bp.sandbox.control.turnAppOff("offacct");

    expect(result.revoked).toEqual([tokens.installationId]);
    expect(result.offUrlStatus).toBe(200);
    const [call] = await offEndpoint.waitFor(1);
    expect(call!.method).toBe("GET");
    expect(new URL(call!.url, "http://x").searchParams.get("accountCode")).toBe("offacct");
    const refused = await api.get("/product-service/price-list");
    expect(refused.status).toBe(401);
    expect(refused.json).toEqual({ response: `Invalid instance token: ${tokens.accessToken}` });
  });

  it("only revokes when the app has no off URL", async () => {
    const bp = await startSandbox();
    bp.sandbox.control.createAccount({ code: "nooffurl" });
    const tokens = bp.sandbox.control.issueTokens("nooffurl");
    expect(await bp.sandbox.control.turnAppOff("nooffurl")).toEqual({ revoked: [tokens.installationId] });
  });
});
