// One HTTP exchange read to its end within a time limit. The timer is cleared as soon as the body
// is read: a pending AbortSignal.timeout(…) keeps the request and its answer reachable until it
// fires, so a pass of thousands of requests would hold a timeout's worth of them in memory.

export type TextExchange = { response: Response; text: string };

/** Rejects with an error named "TimeoutError" when the answer (headers and body) takes longer than `timeoutMs`. */
export async function fetchText(fetchFn: typeof fetch, url: string, init: Omit<RequestInit, "signal">, timeoutMs: number): Promise<TextExchange> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException("The request timed out.", "TimeoutError")), timeoutMs);
  try {
    const response = await fetchFn(url, { ...init, signal: controller.signal });
    return { response, text: await response.text() };
  } finally {
    clearTimeout(timer);
  }
}
