/**
 * How the gateway's own writers (POST /v1/batches, the demo) put a batch into the outbox so that it is
 * complete under either outbox contract (docs/operator-guide.md): written to a temporary name and renamed
 * (write-then-rename), then an empty `<name>.done` marker (for `intake.completion: "done-marker"`; in
 * the default mode the marker is ignored and removed when the batch is taken).
 */
import { join } from 'node:path';
import { writeDurable } from './durable.js';

export function dropBatch(outbox: string, name: string, text: string): void {
  writeDurable(join(outbox, name), text);
  writeDurable(join(outbox, `${name}.done`), '');
}
