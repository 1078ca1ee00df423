/** What the validation pool and its worker threads say to each other. */
import type { TransactionSummary } from '../../guides/reader.js';
import type { Inbound837Options } from '../../claims/snip/index.js';
import type { ValidationTask } from './splitter.js';

export interface WorkerSetup {
  options: { structureOnly?: boolean } & Inbound837Options;
  /**
   * Test hook: make the worker fail on its first task (`throw`, `exit`), or (`stall`) the first worker never
   * say it is ready — the pool must then give every task to the others.
   */
  fault?: 'throw' | 'exit' | 'stall';
  /** This worker's number in its pool (0, 1, …). */
  index?: number;
}

export interface TaskMessage {
  file: string;
  task: Omit<ValidationTask, 'prefix'> & { prefix: Uint8Array };
}

/** A worker's first message: its modules are loaded, it takes tasks now. */
export interface ReadyMessage {
  ready: true;
}

export interface ResultMessage {
  index: number;
  transactions: TransactionSummary[];
  /** The worker's tokenizer read the range differently from the main thread's scanner (finding or segment count). */
  notPlain?: string;
}
