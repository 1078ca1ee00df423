/**
 * Issue 12, round 6: a 999 (one verdict per transaction set acknowledged) and a 277 (X212, answers to our
 * 276s) are read from the file and posted a bounded chunk per transaction (src/gateway/inbox.ts
 * `postFromFile`, progress in posting_progress, migration 0028), each item once across kill -9.
 *
 * The inbox is posted by a child process (`bench/inbound-answers.ts post`: `processInbox` as the gateway
 * runs it, V8 heap capped) killed with SIGKILL right after a chunk commits (crash point
 * `response-chunk-committed`), first in the middle of the 999, then in the middle of the 277, and run a
 * third time to the end. Before: both files were posted in one transaction each (the 277 read whole): the
 * crash point was never reached, and nothing was posted before the file's end.
 *
 * And a 277 of 40,000 answers in one transaction set posted under a 64 MiB heap: the old inbox built its
 * whole tree and ran out of heap (checked against the base build, b8f54ee); now one claim status loop and
 * one chunk of answers are held.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/child.js';
import { prepare } from '../../bench/inbound-answers.js';

const SETS = 2000;
const ANSWERS = 5000;
const CHUNK = 250;
const HEAP_MB = 96;

let dir = '';
let large = '';
afterAll(() => {
  for (const d of [dir, large]) if (d) rmSync(d, { recursive: true, force: true });
});

function postInbox(env: Record<string, string> = {}, heapMb = HEAP_MB, folder = dir): Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }> {
  const child = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, '--import', 'tsx', join(REPO, 'bench', 'inbound-answers.ts'), 'post', folder], {
    cwd: REPO,
    env: { ...process.env, X12GW_POSTING_CHUNK: String(CHUNK), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, output: output.join('') })));
}

function counts() {
  const db = new Database(join(dir, 'data', 'ledger.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const one = (q: string) => Number(Object.values(db.prepare(q).get() as object)[0]);
    const file = (name: string) => `(SELECT id FROM files WHERE direction = 'in' AND name = '${name}')`;
    const ack = file('BIG.999');
    const status = file('BIG.277');
    return {
      ackState: (db.prepare(`SELECT state FROM files WHERE id = ${ack}`).get() as { state?: string } | undefined)?.state,
      statusState: (db.prepare(`SELECT state FROM files WHERE id = ${status}`).get() as { state?: string } | undefined)?.state,
      ackProgress: one(`SELECT coalesce(max(items), 0) FROM posting_progress WHERE file_id = ${ack}`),
      statusProgress: one(`SELECT coalesce(max(items), 0) FROM posting_progress WHERE file_id = ${status}`),
      acknowledgments: one(`SELECT count(*) FROM acknowledgments WHERE file_id = ${ack}`),
      setsTwice: one(`SELECT count(*) FROM (SELECT transaction_control FROM acknowledgments WHERE file_id = ${ack} GROUP BY transaction_control HAVING count(*) > 1)`),
      ackEvents: one(`SELECT count(*) FROM claim_events WHERE source_file_id = ${ack}`),
      ackEventsTwice: one(`SELECT count(*) FROM (SELECT claim_id FROM claim_events WHERE source_file_id = ${ack} GROUP BY claim_id HAVING count(*) > 1)`),
      answers: one(`SELECT count(*) FROM status_answers WHERE file_id = ${status}`),
      answeredClaims: one(`SELECT count(DISTINCT claim_id) FROM status_answers WHERE file_id = ${status}`),
      statusEvents: one(`SELECT count(*) FROM claim_events WHERE source_file_id = ${status}`),
      statusEventsTwice: one(`SELECT count(*) FROM (SELECT claim_id FROM claim_events WHERE source_file_id = ${status} GROUP BY claim_id HAVING count(*) > 1)`),
      states: Object.fromEntries((db.prepare('SELECT state, count(*) AS n FROM claims GROUP BY state').all() as Array<{ state: string; n: number }>).map((r) => [r.state, r.n])),
      unmatched: one('SELECT count(*) FROM unmatched'),
    };
  } finally {
    db.close();
  }
}

describe('a 999 and a 277 posted in chunks, each item once across kill -9', () => {
  it(`posts a 999 of ${SETS} transaction sets and a 277 of ${ANSWERS} answers, ${CHUNK} items per transaction, killed mid-999 and mid-277`, async () => {
    dir = mkdtempSync(join(tmpdir(), 'x12gw-chunked-answers-'));
    const ack = await prepare(dir, '999', SETS);
    const status = await prepare(dir, '277', ANSWERS);

    // Run 1: killed right after the 3rd chunk of the 999 committed (750 of its 2,001 items: 2,000 verdicts + the group).
    const first = await postInbox({ X12GW_CRASH_AT: 'response-chunk-committed:3' });
    expect(first.signal, first.output.slice(-3000)).toBe('SIGKILL');
    const mid = counts();
    expect(mid.ackState).not.toBe('posted');
    expect(mid.ackProgress).toBe(3 * CHUNK);
    expect(mid.acknowledgments).toBe(3 * CHUNK);
    expect(mid.ackEvents).toBe(3 * CHUNK);

    // Run 2: the 999 resumes after its 750 items (5 full chunks and a last one of 1), then the 277 starts; killed after its 2nd chunk.
    const second = await postInbox({ X12GW_CRASH_AT: 'response-chunk-committed:8' });
    expect(second.signal, second.output.slice(-3000)).toBe('SIGKILL');
    expect(second.output).toMatch(/inbox\.posting-resumed/);
    const mid2 = counts();
    expect(mid2.ackState).toBe('posted');
    expect(mid2.ackProgress).toBe(SETS + 1);
    expect(mid2.statusState).not.toBe('posted');
    expect(mid2.statusProgress).toBe(2 * CHUNK);
    expect(mid2.answers).toBe(2 * CHUNK);

    // Run 3: to the end.
    const third = await postInbox();
    expect(third.code, third.output.slice(-3000)).toBe(0);
    expect(third.output).toMatch(/inbox\.posting-resumed/);
    const after = counts();
    expect(after.statusState).toBe('posted');
    expect(after.statusProgress).toBe(ANSWERS);
    // The 999: one acknowledgment row and one event per transaction set (one claim each), none twice.
    expect(after.acknowledgments).toBe(SETS);
    expect(after.setsTwice).toBe(0);
    expect(after.ackEvents).toBe(SETS);
    expect(after.ackEventsTwice).toBe(0);
    // The 277: one answer and one event per claim, none twice.
    expect(after.answers).toBe(ANSWERS);
    expect(after.answeredClaims).toBe(ANSWERS);
    expect(after.statusEvents).toBe(ANSWERS);
    expect(after.statusEventsTwice).toBe(0);
    expect(after.states).toEqual({ 'ack-accepted': SETS - ack.rejected, 'ack-rejected': ack.rejected, 'payer-accepted': status.paid, pending: ANSWERS - status.paid });
    expect(after.unmatched).toBe(0);
    // Both archived (moved out of the inbox), with their results written.
    expect(readdirSync(join(dir, 'inbox')).filter((n) => !n.startsWith('.'))).toEqual([]);
    expect(existsSync(join(dir, 'results', 'demo__BIG.277.json'))).toBe(true);
    expect(existsSync(join(dir, 'results', 'demo__BIG.999.json'))).toBe(true);
  }, 300_000);

  it('posts a 277 of 40,000 answers (5.7 MB, one transaction set) under a 64 MiB heap, in the default chunks of 2,000 (before: out of heap)', async () => {
    large = mkdtempSync(join(tmpdir(), 'x12gw-large-277-'));
    const status = await prepare(large, '277', 40_000);
    const run = await postInbox({ X12GW_POSTING_CHUNK: '' }, 64, large);
    expect(run.signal, run.output.slice(-3000)).toBeNull();
    expect(run.code, run.output.slice(-3000)).toBe(0);
    const db = new Database(join(large, 'data', 'ledger.sqlite'), { readonly: true, fileMustExist: true });
    try {
      const one = (q: string) => Number(Object.values(db.prepare(q).get() as object)[0]);
      expect(one(`SELECT count(DISTINCT claim_id) FROM status_answers`)).toBe(40_000);
      expect(one(`SELECT count(*) FROM status_answers`)).toBe(40_000);
      expect(one(`SELECT count(*) FROM claims WHERE state = 'payer-accepted'`)).toBe(status.paid);
      expect(one(`SELECT items FROM posting_progress`)).toBe(40_000);
    } finally {
      db.close();
    }
  }, 400_000);
});
