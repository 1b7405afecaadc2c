import { existsSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./paths";

/** Loads .env.local then .env from the project root; variables already set win (Node semantics). */
export function loadEnvFiles(): void {
  for (const name of [".env.local", ".env"]) {
    const file = path.join(ROOT, name);
    if (existsSync(file)) process.loadEnvFile(file);
  }
}
