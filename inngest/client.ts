// The Inngest client. Where events go and who may call the serve route come from the environment
// (INNGEST_DEV for the local engine; INNGEST_SIGNING_KEY / INNGEST_EVENT_KEY / INNGEST_BASE_URL for
// Inngest Cloud or a self-hosted server), so switching between them needs no code change.
import { Inngest, type Logger } from "inngest";
import { createLogger } from "@/lib/log";

const base = createLogger({ component: "inngest" });
const text = (args: unknown[]) => args.map((a) => (typeof a === "string" ? a : a instanceof Error ? a.message : JSON.stringify(a))).join(" ");

const logger: Logger = {
  debug: (...args) => base.debug(text(args)),
  info: (...args) => base.info(text(args)),
  warn: (...args) => base.warn(text(args)),
  error: (...args) => base.error(text(args)),
};

export const inngest = new Inngest({ id: "brightpearl-magento-connector", logger });
