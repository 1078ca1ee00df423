/**
 * Issue 16 item 3: a file's "by loop" view. An 835 and an 837P from the public corpus are opened on the
 * file page with ?view=loops; each segment must sit in the loop the guide puts it in (CLP in 2100 under
 * 2000, SVC in 2110; CLM in 2300 under 2000A/2000B/2000C, SV1 in 2400), carry its number in the file
 * (checked against the tokenizer), and loops show their names. A big file is capped with a note.
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../../src/api/app.js';
import { loopView } from '../../../src/api/web/loop-view.js';
import { createLedger, openLedgerDb, sha256, type Ledger, type LedgerDb } from '../../../src/ledger/index.js';
import { createUserStore } from '../../../src/ledger/users.js';
import { tokenize, textOf } from '../../../src/x12/tokenizer.js';
import { signIn, type Session } from './workbench-helpers.js';

const CORPUS = '/work/shared/corpus';
const F835 = join(CORPUS, '835/tiger_5010-835-example-1.txt');
const F837 = join(CORPUS, '837P/lfh_demo.autoaccident.837');

let dir: string;
let handle: LedgerDb;
let ledger: Ledger;
let server: Awaited<ReturnType<typeof buildServer>>;
let reader: Session;
const ids: Record<string, string> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wb-loops-'));
  handle = await openLedgerDb({ dataDir: dir });
  ledger = createLedger(handle.db);
  for (const [key, path, kind] of [['835', F835, '835'], ['837', F837, '837P']] as const) {
    const bytes = readFileSync(path);
    // The corpus is read in place: the ledger row points at it.
    const r = await ledger.recordFile({ direction: 'in', partnerId: 'demo', name: `${key}.x12`, sha256: sha256(bytes.toString('utf8')), size: bytes.length, kind, localPath: path });
    ids[key] = r.file.id;
  }
  server = await buildServer({ deps: { ledger, tokens: [], workbench: { partnerIds: ['demo'] } }, logger: false });
  await createUserStore(ledger.db).createUser({ username: 'rita', password: 'correct horse battery', role: 'read-only' });
  reader = await signIn(server, 'rita', 'correct horse battery');
});

afterAll(async () => {
  await server?.close();
  await handle?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Each segment of the by-loop HTML with the loop ids around it (outermost first). */
function segmentsByLoop(page: string): Array<{ number: number; text: string; path: string[] }> {
  const out: Array<{ number: number; text: string; path: string[] }> = [];
  const stack: string[] = [];
  const re = /<li class="loop" data-loop="([^"]+)">|<\/ol><\/li>|<li class="seg" data-seg="(\d+)"><span[^>]*>(\d+)<\/span> <code>([^<]*)<\/code>/g;
  for (const m of page.matchAll(re)) {
    if (m[1] !== undefined) stack.push(m[1]);
    else if (m[2] !== undefined) {
      expect(m[3]).toBe(m[2]);
      out.push({ number: Number(m[2]), text: m[4].replace(/&amp;/g, '&').replace(/&gt;/g, '>').replace(/&lt;/g, '<'), path: [...stack] });
    } else stack.pop();
  }
  expect(stack).toEqual([]);
  return out;
}

const numbersOf = (path: string, id: string) => tokenize(readFileSync(path)).segments.filter((s) => s.id === id).map((s) => ({ number: s.number, text: textOf(s) }));

describe('file view by loop (issue 16)', () => {
  it('an 835: claims in 2100 under 2000, service lines in 2110, with their segment numbers and loop names', async () => {
    const res = await server.inject({ url: `/files/${ids['835']}?view=loops`, headers: { cookie: reader.cookie } });
    expect(res.statusCode).toBe(200);
    const segs = segmentsByLoop(res.body);
    const clp = segs.filter((s) => s.text.startsWith('CLP*'));
    expect(clp.map(({ number, text }) => ({ number, text }))).toEqual(numbersOf(F835, 'CLP'));
    for (const s of clp) expect(s.path).toEqual(['ST', '2000', '2100']);
    const svc = segs.filter((s) => s.text.startsWith('SVC*'));
    expect(svc.map((s) => s.number)).toEqual(numbersOf(F835, 'SVC').map((s) => s.number));
    for (const s of svc) expect(s.path).toEqual(['ST', '2000', '2100', '2110']);
    expect(segs.find((s) => s.text.startsWith('BPR*'))?.path).toEqual(['ST']);
    expect(res.body).toMatch(/data-loop="2100"><span class="loop-id">Loop 2100<\/span> <b>Claim Payment Information<\/b>/);
    expect(res.body).toContain('aria-current="page">By loop</a>');
    // Every segment inside ST..SE is shown once; the envelope is left to the raw view.
    const all = tokenize(readFileSync(F835)).segments.filter((s) => !['ISA', 'GS', 'GE', 'IEA'].includes(s.id));
    expect(segs.map((s) => s.number)).toEqual(all.map((s) => s.number));
  });

  it('an 837P: the claim in 2300 under the billing provider, subscriber and patient levels; lines in 2400', async () => {
    const res = await server.inject({ url: `/files/${ids['837']}?view=loops`, headers: { cookie: reader.cookie } });
    expect(res.statusCode).toBe(200);
    const segs = segmentsByLoop(res.body);
    const clm = segs.filter((s) => s.text.startsWith('CLM*'));
    expect(clm.map(({ number, text }) => ({ number, text }))).toEqual(numbersOf(F837, 'CLM'));
    expect(clm[0].path).toEqual(['ST', '2000A', '2000B', '2000C', '2300']);
    const sv1 = segs.filter((s) => s.text.startsWith('SV1*'));
    expect(sv1.length).toBe(numbersOf(F837, 'SV1').length);
    for (const s of sv1) expect(s.path).toEqual(['ST', '2000A', '2000B', '2000C', '2300', '2400']);
    expect(res.body).toMatch(/<b>Claim Information<\/b>/);
    // The raw view stays the default.
    const plain = await server.inject({ url: `/files/${ids['837']}`, headers: { cookie: reader.cookie } });
    expect(plain.body).toContain('<table class="segments">');
    expect(plain.body).not.toContain('class="loops"');
  });

  it('a file past the cap shows what fits and says where the rest is', () => {
    const html = String(loopView(readFileSync(F835), 10));
    expect(html).toContain('id="loops-capped"');
    expect(html).toMatch(/1 more is not shown\. Use the <a href="\?view=raw">raw view<\/a> or the download/);
    expect(html).not.toContain('class="seg"');
  });
});
