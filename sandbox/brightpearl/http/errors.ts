// Brightpearl's error bodies. Recorded shapes: {"errors":[{"code","message"}]} for API errors and
// {"response":"..."} strings for 401s. The codes CMNC-404, CMNC-018, CMNC-044, INTC-064, ORDC-005,
// ORDC-006, ORDC-022 and PRDC-014 appear in recorded traffic; every other code here is the sandbox's
// own plausible choice (UNVERIFIED) in the same prefix family, so clients must key on HTTP status
// and treat codes as informative.
export type ApiErrorItem = { code: string; message: string };

export class ApiError extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 412 | 413 | 414 | 500 | 503,
    readonly errors: ApiErrorItem[],
  ) {
    super(errors.map((e) => `${e.code}: ${e.message}`).join("; "));
  }

  body(): { errors: ApiErrorItem[] } {
    return { errors: this.errors };
  }
}

const one = (status: ApiError["status"], code: string, message: string) => new ApiError(status, [{ code, message }]);

export const notFound = (message: string) => one(404, "CMNC-404", message);
/** Unparseable search filters answer 500, not 400 (recorded). */
export const badSearch = (message: string) => one(500, "CMNC-018", message);
/** JSON Patch "add" on an existing scalar, or any malformed operation: 500 (recorded). */
export const badPatch = (message = "Invalid patch operation") => one(500, "CMNC-044", message);
export const invalid = (code: string, message: string) => one(400, code, message);
export const invalidJson = () => one(400, "CMNC-003", "The request body is not valid JSON");
export const validation = (message: string) => one(400, "CMNC-400", message);
