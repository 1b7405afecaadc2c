import "server-only";
import { MagentoError } from "@/lib/magento/errors";
import { chunks, MAGENTO_BATCH } from "./magento-catalog";

// Writing rows to Magento MAGENTO_BATCH at a time, where one bad row refuses the whole call. A
// batch refused as invalid input (HTTP 400) is halved until the refused rows are found, so the
// other rows are written and each refused row keeps its own reason. Anything else — credentials,
// throttling, an unavailable store, a missing route — is no row's fault: it stops the pass and is
// classified once by the caller.

export type RowFailure<T> = { row: T; error: MagentoError };

/** Magento refused what was sent (not who sent it, nor when). */
export const isRowRefusal = (error: unknown): error is MagentoError => error instanceof MagentoError && error.kind === "invalid" && error.status === 400;

type RowProblem = (error: unknown) => error is MagentoError;

async function bisect<T>(rows: T[], send: (rows: T[]) => Promise<void>, rowProblem: RowProblem): Promise<RowFailure<T>[]> {
  try {
    await send(rows);
    return [];
  } catch (error) {
    if (!rowProblem(error)) throw error;
    if (rows.length === 1) return [{ row: rows[0]!, error }];
    const half = Math.ceil(rows.length / 2);
    return [...(await bisect(rows.slice(0, half), send, rowProblem)), ...(await bisect(rows.slice(half), send, rowProblem))];
  }
}

/**
 * Sends every row; returns the rows Magento refused, each with its own refusal. `rowProblem` says
 * which errors belong to the rows sent (a single-row route may add "this product is gone").
 */
export async function writeInBatches<T>(rows: readonly T[], send: (rows: T[]) => Promise<void>, size = MAGENTO_BATCH, rowProblem: RowProblem = isRowRefusal): Promise<RowFailure<T>[]> {
  const failures: RowFailure<T>[] = [];
  for (const batch of chunks(rows, size)) failures.push(...(await bisect(batch, send, rowProblem)));
  return failures;
}
