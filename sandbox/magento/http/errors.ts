// Magento's REST error body: the message is a template whose %1 / %name placeholders are left for
// the client to fill from `parameters` (an array for positional, an object for named placeholders).
// Aggregated input errors add `errors`; developer mode adds `trace`.
import { randomBytes } from "node:crypto";

export type ErrorParameters = string[] | Record<string, string>;
export type ErrorItem = { message: string; parameters: ErrorParameters };

export class MagentoError extends Error {
  constructor(
    readonly status: number,
    readonly template: string,
    readonly parameters?: ErrorParameters,
    readonly errors?: ErrorItem[],
  ) {
    super(template);
  }

  body(developerMode = false): Record<string, unknown> {
    const out: Record<string, unknown> = { message: this.template };
    if (this.errors?.length) out.errors = this.errors;
    const hasParameters = Array.isArray(this.parameters) ? this.parameters.length > 0 : this.parameters && Object.keys(this.parameters).length > 0;
    if (hasParameters) out.parameters = this.parameters;
    if (developerMode) out.trace = `#0 ${this.stack?.split("\n")[1]?.trim() ?? "{main}"}`;
    return out;
  }
}

/** Document validators join their rendered (already substituted) messages under a title. */
export function documentValidationError(document: "Shipment" | "Invoice" | "Creditmemo", messages: string[]): MagentoError {
  return new MagentoError(400, `${document} Document Validation Error(s):\n${messages.join("\n")}`);
}

export const errors = {
  noRoute: () => new MagentoError(404, "Request does not match any route."),
  notAuthorized: (resources: string) => new MagentoError(401, "The consumer isn't authorized to access %resources.", { resources }),
  required: (fieldName: string) => new MagentoError(400, '"%fieldName" is required. Enter and try again.', { fieldName }),
  entityNotFound: () => new MagentoError(404, "The entity that was requested doesn't exist. Verify the entity and try again."),
  productNotFound: () => new MagentoError(404, "The product that was requested doesn't exist. Verify the product and try again."),
  /**
   * Input conversion failures reach the client as a WebapiException built from the already rendered
   * message, so these carry substituted text and no parameters. `path` names the nested properties
   * being converted, each adding Magento's "Error occurred during ... processing." prefix.
   */
  invalidType: (value: string, type: string, path: string[] = []) =>
    new MagentoError(
      400,
      path.map((p) => `Error occurred during "${p}" processing. `).join("") +
        `The "${value}" value's type is invalid. The "${type}" type was expected. Verify and try again.`,
    ),
  // UNVERIFIED: 2.4.0-2.4.6 let this LogicException through as a masked 500; later versions answer 400.
  // The sandbox refuses with 400 and the readable text so the offending property is obvious.
  noAccessor: (property: string, className: string) => {
    const camel = property.replace(/(^|_)([a-zA-Z0-9])/g, (_, __, ch: string) => ch.toUpperCase());
    return new MagentoError(400, `Property "${camel}" does not have accessor method "get${camel}" in class "${className}".`);
  },
  /** Anything PHP would have thrown outside a LocalizedException: masked outside developer mode. */
  internal: () =>
    new MagentoError(500, `Internal Error. Details are available in Magento log file. Report ID: webapi-${randomBytes(6).toString("hex")}`),
};

/** Several InputExceptions added to one aggregate: the first alone replaces the message, more become `errors`. */
export function aggregateInputErrors(items: ErrorItem[]): MagentoError {
  if (items.length === 1) return new MagentoError(400, items[0]!.message, items[0]!.parameters);
  return new MagentoError(400, "One or more input exceptions have occurred.", undefined, items);
}
