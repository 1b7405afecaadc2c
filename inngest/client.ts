// The Inngest client. Where events go and who may call the serve route come from the environment
// (INNGEST_DEV for the local engine; INNGEST_SIGNING_KEY / INNGEST_EVENT_KEY / INNGEST_BASE_URL for
// Inngest Cloud or a self-hosted server), so switching between them needs no code change.
import { Inngest, type Logger } from "inngest";
import { createLogger } from "@/lib/log";

const base = createLogger({ component: "inngest" });
const text = (args: unknown[]) => args.map((a) => (typeof a === "string" ? a : a instanceof Error ? a.message : JSON.stringify(a))).join(" ");

// A step that throws is retried by Inngest; the SDK reports each throw as an error, but only a
// run that exhausts its retries is one, and the flows record that on their sync records.
const logger: Logger = {
  debug: (...args) => base.debug(text(args)),
  info: (...args) => base.info(text(args)),
  warn: (...args) => base.warn(text(args)),
  error: (...args) => (/step error/i.test(text(args)) ? base.warn(text(args)) : base.error(text(args))),
};

export const inngest = new Inngest({ id: "brightpearl-magento-connector", logger });
