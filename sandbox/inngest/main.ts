import { Hono } from "hono";
import { listen, portFromEnv } from "../shared/serve";

const app = new Hono();
app.get("/health", (c) => c.json({ status: "ok", service: "inngest" }));

const server = await listen(app, portFromEnv("PORT", 8288));
console.log(`listening on ${server.url}`);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void server.close().then(() => process.exit(0)));
