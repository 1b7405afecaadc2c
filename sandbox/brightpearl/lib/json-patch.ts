// RFC 6902 JSON Patch with Brightpearl's strictness: "add" onto an existing scalar is refused
// (recorded: 500 CMNC-044), as are replace/remove of paths that do not exist.
import { badPatch } from "../http/errors";

export type PatchOp = { op: string; path: string; value?: unknown; from?: string };

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function parsePointer(path: string): string[] {
  if (path === "") return [];
  if (!path.startsWith("/")) throw badPatch(`Invalid patch path ${path}`);
  return path
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

const isContainer = (v: unknown): v is Record<string, Json> | Json[] => typeof v === "object" && v !== null;

function parentOf(doc: Json, tokens: string[]): { parent: Record<string, Json> | Json[]; key: string } {
  let node: Json = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(node)) node = node[Number(t)] as Json;
    else if (isContainer(node)) node = (node as Record<string, Json>)[t] as Json;
    else node = undefined as unknown as Json;
    if (node === undefined || !isContainer(node)) throw badPatch(`Invalid patch path: /${tokens.join("/")}`);
  }
  return { parent: node as Record<string, Json> | Json[], key: tokens[tokens.length - 1]! };
}

/** Applies operations to a deep copy of `doc` and returns it; the original is untouched. */
export function applyPatch<T>(doc: T, ops: unknown): T {
  if (!Array.isArray(ops) || ops.length === 0) throw badPatch("A JSON Patch must be a non-empty array of operations");
  const out = structuredClone(doc) as unknown as Json;
  for (const raw of ops) {
    if (!isContainer(raw) || Array.isArray(raw) || typeof raw.op !== "string" || typeof raw.path !== "string") throw badPatch();
    const op = raw as unknown as PatchOp;
    const tokens = parsePointer(op.path);
    if (tokens.length === 0) throw badPatch("The document root cannot be patched");
    const { parent, key } = parentOf(out, tokens);
    const exists = Array.isArray(parent) ? Number(key) < parent.length : Object.prototype.hasOwnProperty.call(parent, key);
    const current = Array.isArray(parent) ? parent[Number(key)] : (parent as Record<string, Json>)[key];
    switch (op.op) {
      case "add":
        if (!("value" in raw)) throw badPatch();
        if (Array.isArray(parent)) {
          const index = key === "-" ? parent.length : Number(key);
          if (!Number.isInteger(index) || index > parent.length) throw badPatch();
          parent.splice(index, 0, op.value as Json);
        } else {
          if (exists && !isContainer(current)) throw badPatch(`Invalid patch operation: ${op.path} already has a value; use "replace"`);
          (parent as Record<string, Json>)[key] = op.value as Json;
        }
        break;
      case "replace":
        if (!exists || !("value" in raw)) throw badPatch(`Invalid patch operation: ${op.path} does not exist`);
        if (Array.isArray(parent)) parent[Number(key)] = op.value as Json;
        else (parent as Record<string, Json>)[key] = op.value as Json;
        break;
      case "remove":
        if (!exists) throw badPatch(`Invalid patch operation: ${op.path} does not exist`);
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete (parent as Record<string, Json>)[key];
        break;
      case "test":
        if (JSON.stringify(current) !== JSON.stringify(op.value)) throw badPatch(`Test failed at ${op.path}`);
        break;
      default:
        throw badPatch(`Unsupported patch operation ${op.op}`);
    }
  }
  return out as unknown as T;
}

/** Reads a value at a pointer from a patched document. */
export function at(doc: unknown, path: string): unknown {
  let node = doc;
  for (const t of parsePointer(path)) {
    if (!isContainer(node)) return undefined;
    node = Array.isArray(node) ? node[Number(t)] : (node as Record<string, unknown>)[t];
  }
  return node;
}
