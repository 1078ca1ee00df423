/**
 * Long ledger work (intake, 837 generation) runs on the API's event loop in small slices; between slices
 * it yields so requests and timers are served (docs/decisions.md: slices that yield, not a worker thread).
 */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A time budget for synchronous work: `maybeYield()` yields the event loop once `budgetMs` of work has
 * passed since the last yield (call it between small units of work: a few claims, one transaction).
 */
export function createYielder(budgetMs = 10): { maybeYield(): Promise<void> } {
  let since = performance.now();
  return {
    async maybeYield() {
      if (performance.now() - since < budgetMs) return;
      await yieldToEventLoop();
      since = performance.now();
    },
  };
}
