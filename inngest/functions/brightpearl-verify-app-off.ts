import { brightpearlFor } from "@/lib/brightpearl/connect";
import { verifyAppOff } from "@/lib/brightpearl/app-off";
import { db } from "@/lib/db";
import { inngest } from "../client";
import { brightpearlAppOffReported } from "../events";

// Brightpearl may call the off URL a moment before it revokes the installation, so a report that
// Brightpearl does not yet confirm is checked again a few times before it is dismissed.
const RECHECKS = ["1m", "5m", "30m"] as const;

export const brightpearlVerifyAppOff = inngest.createFunction(
  {
    id: "brightpearl-verify-app-off",
    triggers: [brightpearlAppOffReported],
    // one verification per account at a time; a repeated report waits and then finds it settled
    concurrency: { key: "event.data.accountCode", limit: 1 },
  },
  async ({ event, step }) => {
    const { accountCode } = event.data;
    let verdict = await step.run("verify", () => verifyAppOff(db(), accountCode, (id) => brightpearlFor(id)));
    for (const [i, wait] of RECHECKS.entries()) {
      if (verdict !== "still-installed") break;
      await step.sleep(`wait-${i + 1}`, wait);
      verdict = await step.run(`verify-again-${i + 1}`, () => verifyAppOff(db(), accountCode, (id) => brightpearlFor(id)));
    }
    return { accountCode, verdict };
  },
);
