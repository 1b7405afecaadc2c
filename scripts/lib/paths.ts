import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** Git-ignored local state: embedded database, dev secrets, sandbox and engine data. */
export const DATA_DIR = process.env.CONNECTOR_DATA_DIR ? path.resolve(process.env.CONNECTOR_DATA_DIR) : path.join(ROOT, ".data");
export const bin = (name: string) => path.join(ROOT, "node_modules", ".bin", name);
