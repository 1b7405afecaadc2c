// Validates Magento REST response bodies against Adobe's official OpenAPI (Swagger 2.0) schema,
// vendored unmodified at tests/fixtures/magento/admin-schema-2.4.8.yaml. The Swagger definitions
// are turned into JSON Schema for ajv with the rules Magento's own serializer follows:
//
// - Objects are closed (additionalProperties: false): the web API renders only the getters of a
//   data interface, so a key the schema does not list is a shape Magento never produces.
// - A property the schema marks required may be null: the generator marks a getter required when
//   its return type is not nullable, and DataObjectProcessor emits such getters even when null
//   (payment.cc_last4: null), while it omits every other null.
// - `x-*`, `xml` and other documentation keys are dropped.
//
// Two definitions are wrong in the schema itself and are corrected here, by name (see ERRATA).
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { parse } from "yaml";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const MAGENTO_SCHEMA_FILE = path.join(ROOT, "tests/fixtures/magento/admin-schema-2.4.8.yaml");

type Node = Record<string, unknown>;
type Operation = { responses?: Record<string, { schema?: Node }> };
type Swagger = { paths: Record<string, Record<string, Operation>>; definitions: Record<string, Node> };

const KEPT = new Set(["type", "properties", "items", "required", "$ref", "enum", "description", "additionalProperties"]);
const SCHEMA_ID = "magento-admin-2.4.8.json";

/**
 * Definitions the generator gets wrong, replaced after conversion:
 * - error-parameters: declared as a list of {resources, fieldName, fieldValue} objects, but
 *   Rest\Response renders an exception's parameters as they are: a list of values for %1..%n
 *   placeholders (["HMAC-SHA1"]) or an object for %name placeholders ({"resources": "..."}).
 * - framework-attribute-interface.value: declared string, but AttributeInterface::getValue() is
 *   `mixed`; multi-value attributes such as category_ids come back as a list of strings.
 */
export const ERRATA: Record<string, (converted: Node) => Node> = {
  "error-parameters": () => ({
    anyOf: [
      { type: "array", items: { anyOf: [{ type: "string" }, { type: "number" }, { $ref: `${SCHEMA_ID}#/definitions/error-parameters-item` }] } },
      { type: "object", additionalProperties: { type: ["string", "number"] } },
    ],
  }),
  "framework-attribute-interface": (converted) => ({
    ...converted,
    properties: {
      ...(converted.properties as Node),
      value: { anyOf: [{ type: "string" }, { type: "array", items: { type: "string" } }, { type: "null" }] },
    },
  }),
};

function convert(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(convert);
  if (!node || typeof node !== "object") return node;
  const source = node as Node;
  const out: Node = {};
  for (const [key, value] of Object.entries(source)) {
    if (!KEPT.has(key)) continue;
    if (key === "$ref") out.$ref = String(value).replace(/^#\/definitions\//, `${SCHEMA_ID}#/definitions/`);
    else if (key === "properties") {
      const required = new Set((source.required as string[] | undefined) ?? []);
      const props: Node = {};
      for (const [name, prop] of Object.entries(value as Node)) {
        const converted = convert(prop) as Node;
        props[name] = required.has(name) ? { anyOf: [converted, { type: "null" }] } : converted;
      }
      out.properties = props;
    } else if (key === "items" || key === "additionalProperties") out[key] = convert(value);
    else out[key] = value;
  }
  if (out.type === "object" && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

export type ValidationResult = { valid: true; errors: [] } | { valid: false; errors: string[] };

export class MagentoOpenApi {
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly swagger: Swagger) {
    this.ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    const definitions: Node = {};
    for (const [name, definition] of Object.entries(swagger.definitions)) {
      const converted = convert(definition) as Node;
      definitions[name] = ERRATA[name] ? ERRATA[name](converted) : converted;
    }
    this.ajv.addSchema({ $id: SCHEMA_ID, definitions });
  }

  private static cached: MagentoOpenApi | undefined;

  static load(file = MAGENTO_SCHEMA_FILE): MagentoOpenApi {
    if (file === MAGENTO_SCHEMA_FILE && MagentoOpenApi.cached) return MagentoOpenApi.cached;
    const loaded = new MagentoOpenApi(parse(readFileSync(file, "utf8")) as Swagger);
    if (file === MAGENTO_SCHEMA_FILE) MagentoOpenApi.cached = loaded;
    return loaded;
  }

  hasOperation(pathTemplate: string, method: string): boolean {
    return !!this.swagger.paths[pathTemplate]?.[method.toLowerCase()];
  }

  /**
   * The JSON Schema of a response. An operation that declares no 2xx response is a void service
   * method, which Magento renders as `[]`.
   */
  responseSchema(pathTemplate: string, method: string, status: number): Node {
    const operation = this.swagger.paths[pathTemplate]?.[method.toLowerCase()];
    if (!operation) throw new Error(`the schema has no ${method.toUpperCase()} ${pathTemplate}`);
    const responses = operation.responses ?? {};
    const declared = responses[String(status)] ?? (status < 300 ? undefined : responses.default);
    if (!declared) {
      if (status >= 200 && status < 300 && !Object.keys(responses).some((s) => s.startsWith("2"))) return { type: "array", maxItems: 0 };
      throw new Error(`${method.toUpperCase()} ${pathTemplate} declares no ${status} response`);
    }
    if (!declared.schema) throw new Error(`${method.toUpperCase()} ${pathTemplate} ${status} has no body schema`);
    return convert(declared.schema) as Node;
  }

  private validator(pathTemplate: string, method: string, status: number): ValidateFunction {
    const key = `${method.toUpperCase()} ${pathTemplate} ${status}`;
    let fn = this.compiled.get(key);
    if (!fn) {
      fn = this.ajv.compile(this.responseSchema(pathTemplate, method, status));
      this.compiled.set(key, fn);
    }
    return fn;
  }

  validateResponse(pathTemplate: string, method: string, status: number, body: unknown): ValidationResult {
    const fn = this.validator(pathTemplate, method, status);
    if (fn(body)) return { valid: true, errors: [] };
    return { valid: false, errors: describe(fn.errors ?? [], body) };
  }

  /** Validates against one definition, e.g. "sales-data-order-interface". */
  validateDefinition(name: string, value: unknown): ValidationResult {
    const fn = this.ajv.getSchema(`${SCHEMA_ID}#/definitions/${name}`);
    if (!fn) throw new Error(`the schema has no definition ${name}`);
    if (fn(value)) return { valid: true, errors: [] };
    return { valid: false, errors: describe(fn.errors ?? [], value) };
  }
}

function valueAt(body: unknown, pointer: string): unknown {
  let current = body;
  for (const part of pointer.split("/").slice(1)) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return current;
}

function describe(errors: ErrorObject[], body: unknown): string[] {
  // anyOf wrappers repeat each failure; keep the specific ones.
  const specific = errors.filter((e) => e.keyword !== "anyOf");
  return (specific.length ? specific : errors).map((e) => {
    const where = e.instancePath || "(root)";
    if (e.keyword === "additionalProperties") return `${where}: unexpected property "${(e.params as { additionalProperty: string }).additionalProperty}"`;
    return `${where}: ${e.message} (got ${JSON.stringify(valueAt(body, e.instancePath))?.slice(0, 80)})`;
  });
}

/** Throws a readable error unless the body is a valid response of that operation and status. */
export function expectMagentoResponse(pathTemplate: string, method: string, status: number, body: unknown): void {
  const result = MagentoOpenApi.load().validateResponse(pathTemplate, method, status, body);
  if (!result.valid) {
    throw new Error(`${method.toUpperCase()} ${pathTemplate} ${status} does not match the Magento schema:\n  ${[...new Set(result.errors)].slice(0, 20).join("\n  ")}`);
  }
}
