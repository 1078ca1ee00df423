/**
 * Long ledger work (intake, 837 generation) runs on the API's event loop in chunks; between chunks it
 * yields so requests and timers are served (docs/decisions.md: chunks that yield, not a worker thread).
 */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
