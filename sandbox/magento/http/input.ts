// Request bodies the way Magento's ServiceInputProcessor turns them into service arguments: keys in
// snake_case or camelCase, PHP type juggling (numeric strings are ints, anything is a bool), nulls
// skipped, a key the data interface has no getter for refused, and errors worded as Magento words
// them. zod cannot reproduce those messages, so the specs below describe each data interface.
import { aggregateInputErrors, errors, MagentoError } from "./errors";

export type Spec =
  | "int"
  | "float"
  | "string"
  | "bool"
  | "any"
  | { object: ObjectSpec }
  | { array: Spec }
  | { customAttributes: true };

export type ObjectSpec = { className: string; fields: Record<string, Spec> };

export const obj = (className: string, fields: Record<string, Spec>): { object: ObjectSpec } => ({ object: { className, fields } });
export const arr = (item: Spec): { array: Spec } => ({ array: item });

const snake = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();

function phpScalarString(value: unknown): string {
  if (typeof value === "boolean") return value ? "1" : "";
  return String(value);
}

function isNumeric(value: unknown): boolean {
  if (typeof value === "number") return Number.isFinite(value);
  return typeof value === "string" && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(value);
}

function convert(spec: Spec, value: unknown, path: string[]): unknown {
  if (typeof spec === "string") {
    if (spec === "any") return value;
    if (Array.isArray(value) || (value !== null && typeof value === "object")) throw errors.invalidType("array", spec, path);
    switch (spec) {
      case "int":
        if (!isNumeric(value)) throw errors.invalidType(phpScalarString(value), "int", path);
        return Math.trunc(Number(value));
      case "float":
        if (!isNumeric(value)) throw errors.invalidType(phpScalarString(value), "float", path);
        return Number(value);
      case "bool":
        // filter_var(FILTER_VALIDATE_BOOLEAN): never an error, anything unrecognised is false.
        return value === true || (typeof value !== "boolean" && ["1", "true", "on", "yes"].includes(String(value).trim().toLowerCase()));
      case "string":
        return phpScalarString(value);
    }
  }
  if ("array" in spec) {
    if (value === null || typeof value !== "object") {
      if (typeof spec.array === "string") throw errors.invalidType(phpScalarString(value), `${spec.array}[]`, path);
      return [];
    }
    return Object.values(value).map((item) => convert(spec.array, item, path));
  }
  if ("customAttributes" in spec) {
    if (value === null || typeof value !== "object") return [];
    return Object.entries(value).map(([key, item]) => {
      const entry: Record<string, unknown> = item !== null && typeof item === "object" && !Array.isArray(item) ? (item as Record<string, unknown>) : { attribute_code: key, value: item };
      const code = entry.attribute_code ?? entry.attributeCode;
      if (!code) throw new MagentoError(400, entry.value === undefined ? "There is an empty custom attribute specified." : "A custom attribute is specified without an attribute code.");
      if (entry.value === undefined || entry.value === null) throw new MagentoError(400, `Value is not set for attribute code "${String(code)}"`);
      return { attribute_code: String(code), value: entry.value };
    });
  }
  return parseObject(spec.object, value, path);
}

export function parseObject(spec: ObjectSpec, value: unknown, path: string[] = []): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return {};
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(value as Record<string, unknown>)) {
    if (raw === null) continue;
    const name = snake(key);
    const fieldSpec = spec.fields[name];
    if (!fieldSpec) throw errors.noAccessor(name, spec.className);
    out[name] = convert(fieldSpec, raw, [...path, key]);
  }
  return out;
}

export type ParamSpec = { spec: Spec; required?: boolean };

/** Method parameters from the decoded body (camelCase or snake_case names); missing required ones aggregate. */
export function parseParams(body: unknown, params: Record<string, ParamSpec>): Record<string, unknown> {
  const input = body !== null && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  const missing: string[] = [];
  for (const [name, { spec, required }] of Object.entries(params)) {
    const raw = input[name] ?? input[snake(name)];
    if (raw === undefined || raw === null) {
      if (required) missing.push(name);
      continue;
    }
    out[name] = convert(spec, raw, []);
  }
  if (missing.length) {
    throw aggregateInputErrors(missing.map((fieldName) => ({ message: '"%fieldName" is required. Enter and try again.', parameters: { fieldName } })));
  }
  return out;
}
