/**
 * FHIR R4 bundles and CSV exports through the outbox (issue 13, item 1): translated into a batch beside
 * the original in .working, the original archived, the translation taken through the normal path and
 * uploaded to the simulated clearinghouse (real SFTP on loopback). Claims the translation leaves out are
 * in the batch's rejected report with their FHIR path or CSV row and column; a crash between the steps
 * neither loses nor duplicates a claim; a poison export is quarantined.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { safeStem } from '../../src/gateway/batch-names.js';
import { loadConfigFile, type GatewayConfig } from '../../src/gateway/config.js';
import { createLogger } from '../../src/gateway/logger.js';
import { createGateway } from '../../src/gateway/runtime.js';
import { runUntil, startHarness, type Harness } from '../helpers/harness.js';

const INTAKE: GatewayConfig['intake'] = { stableMs: 0, rescanIntervalMs: 200, usePolling: false, completion: 'quiet-period', maxAttempts: 3, chunkClaims: 100, settleMs: 60_000 };
const sample = (p: string) => readFileSync(join(import.meta.dirname, '../../samples', p), 'utf8');

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Every 837 the simulated clearinghouse received, as segments. */
function received(x: Harness): string[] {
  const dir = join(x.dir, 'sim', 'processed');
  return readdirSync(dir)
    .filter((n) => !n.startsWith('.'))
    .flatMap((n) => readFileSync(join(dir, n), 'utf8').split('~').map((s) => s.trim()))
    .filter(Boolean);
}

const uploaded = (x: Harness, ids: string[]) => async () => {
  const claims = await x.ledger.listClaims({});
  return ids.every((id) => claims.some((c) => c.patient_control_number === id && c.state !== 'queued' && c.state !== 'generated'));
};

type Report = { batch: string; fileError: { code: string } | null; rejectedClaims: Array<{ index: number; claimId: string | null; findings: Array<{ code: string; field: string; fix: string }> }> };
const report = (outbox: string, name: string): Report => JSON.parse(readFileSync(join(outbox, 'rejected', `${safeStem(name)}.errors.json`), 'utf8')) as Report;

describe('FHIR and CSV through the outbox', () => {
  it('a FHIR bundle and a CSV export dropped in the outbox reach the clearinghouse with their values; originals archived', async () => {
    h = await startHarness({ config: { intake: INTAKE } });
    const outbox = h.gateway.context.folders.outbox;
    writeFileSync(join(outbox, 'fhir-professional.json'), sample('fhir/professional.json'));
    writeFileSync(join(outbox, 'practice-export.csv'), sample('csv/two-claims.csv'));
    await runUntil(h, uploaded(h, ['FHIR-P-1', 'CSV-1', 'CSV-2']));
    await h.sim.scan();
    await h.sim.idle();
    const s = received(h);
    // the bundle's values (see test/golden/fhir.test.ts)
    expect(s).toContain('NM1*IL*1*MUNOZ*ANA*M***MI*ZQM123456');
    expect(s).toContain('CLM*FHIR-P-1*263***11:B:1*Y*A*Y*Y');
    expect(s).toContain('REF*G1*PA778899');
    expect(s).toContain('SV1*HC:J1815:JZ*42.5*UN*5***3');
    expect(s).toContain('LIN**N4*00002821501');
    // the CSV's values
    expect(s.some((x) => x.startsWith('CLM*CSV-1*192.5*'))).toBe(true);
    expect(s.some((x) => x.startsWith('CLM*CSV-2*1095*'))).toBe(true);
    expect(s).toContain("NM1*IL*1*O'BRIEN*SEAN****MI*MBR0002"); // curly apostrophe transliterated
    // originals kept in the archive, nothing left in .working
    const archive = readdirSync(join(outbox, 'archive'));
    expect(archive).toEqual(expect.arrayContaining(['fhir-professional.json', 'practice-export.csv']));
    expect(readdirSync(h.gateway.context.folders.working).filter((n) => !n.startsWith('.'))).toEqual([]);
    expect(readdirSync(join(h.gateway.context.folders.working, '.translation'))).toEqual([]);
    // dropping the same export again: found a duplicate (the translation is deterministic)
    writeFileSync(join(outbox, 'practice-export-again.csv'), sample('csv/two-claims.csv'));
    await h.gateway.cycle({ poll: false });
    expect(readdirSync(join(outbox, 'duplicates')).some((n) => n.startsWith('practice-export-again.csv'))).toBe(true);
    expect((await h.ledger.listClaims({})).filter((c) => c.patient_control_number === 'CSV-1')).toHaveLength(1);
  });

  it('an unresolved FHIR reference, a CSV value the translation refuses and one the scrubber refuses: rejected report with the FHIR path / row and column; the good claims still go', async () => {
    h = await startHarness({ config: { intake: INTAKE } });
    const outbox = h.gateway.context.folders.outbox;
    const bundle = JSON.parse(sample('fhir/professional.json'));
    const bad = structuredClone(bundle.entry[0]);
    bad.resource.identifier[0].value = 'FHIR-P-2';
    bad.resource.provider.reference = 'Organization/missing';
    bundle.entry.push(bad);
    writeFileSync(join(outbox, 'bundle.json'), JSON.stringify(bundle));
    // CSV-2 with an NPI whose check digit is wrong (found by the scrubber: told by row and column), and
    // CSV-3 with a charge that is not an amount (found by the translation: left out, told by row and column)
    const rows = sample('csv/two-claims.csv').split('\n').filter(Boolean);
    rows[3] = rows[3].replace(',1234567893,', ',1234567890,');
    rows.push(rows[3].replace('CSV-2,', 'CSV-3,').replace('"1,095.00"', 'abc'));
    writeFileSync(join(outbox, 'export.csv'), rows.join('\n') + '\n');
    await runUntil(h, uploaded(h, ['FHIR-P-1', 'CSV-1']));

    const fhir = report(outbox, 'bundle.json');
    expect(fhir.rejectedClaims).toHaveLength(1);
    expect(fhir.rejectedClaims[0]).toMatchObject({ index: -1, claimId: 'FHIR-P-2' });
    expect(fhir.rejectedClaims[0].findings.map((f) => [f.code, f.field])).toEqual([['FHIR-PROBLEM', `Bundle.entry[${bundle.entry.length - 1}].resource.provider`]]);
    const csv = report(outbox, 'export.csv');
    expect(csv.rejectedClaims.map((c) => [c.claimId, c.findings.map((f) => [f.code, f.field])])).toEqual([
      ['CSV-3', [['CSV-PROBLEM', 'row 5, column charge']]],
      ['CSV-2', [['NPI-CHECK-DIGIT', 'row 4, column billing_npi']]],
    ]);
    const csvText = readFileSync(join(outbox, 'rejected', `${safeStem('export.csv')}.errors.csv`), 'utf8');
    expect(csvText).toContain('row 5, column charge');
    const claims = await h.ledger.listClaims({});
    expect(claims.map((c) => [c.patient_control_number, c.state === 'scrub-rejected']).sort()).toEqual([['CSV-1', false], ['CSV-2', true], ['FHIR-P-1', false]]);
  });

  it('an export none of whose claims translate is rejected as a file, with each problem', async () => {
    h = await startHarness({ config: { intake: INTAKE } });
    const outbox = h.gateway.context.folders.outbox;
    const rows = sample('csv/two-claims.csv').split('\n');
    const header = rows[0].split(',');
    const drop = header.indexOf('payer_id');
    writeFileSync(join(outbox, 'no-payer.csv'), rows.map((r) => (r ? r.split(',').filter((_, i) => i !== drop).join(',') : r)).join('\n'));
    await h.gateway.cycle({ poll: false });
    const r = report(outbox, 'no-payer.csv');
    expect(r.fileError).toMatchObject({ code: 'TRANSLATION-NO-CLAIMS' });
    expect(r.rejectedClaims[0].findings[0]).toMatchObject({ code: 'CSV-PROBLEM', field: 'row 1, column payer_id' });
    expect(readdirSync(join(outbox, 'rejected'))).toContain('no-payer.csv');
    expect(await h.ledger.listClaims({})).toEqual([]);
  });

  it('a FHIR file above the size cap is refused with a clear message', async () => {
    h = await startHarness({ config: { intake: INTAKE } });
    const outbox = h.gateway.context.folders.outbox;
    const text = sample('fhir/professional.json');
    writeFileSync(join(outbox, 'big.json'), text);
    const { processWorkingBatch, claimBatch } = await import('../../src/gateway/intake.js');
    const path = claimBatch(h.gateway.context, 'big.json')!;
    expect(await processWorkingBatch(h.gateway.context, path, { ...INTAKE, translateMaxBytes: 100 })).toBe('rejected');
    expect(report(outbox, 'big.json').fileError).toMatchObject({ code: 'BATCH-TOO-LARGE' });
  });

  for (const point of ['intake-claimed', 'intake-translated', 'intake-source-archived', 'intake-chunk', 'intake-recorded']) {
    it(`exactly once across a crash at ${point}`, async () => {
      h = await startHarness({ config: { intake: INTAKE } });
      const outbox = h.gateway.context.folders.outbox;
      writeFileSync(join(outbox, 'fhir.json'), sample('fhir/professional.json'));
      writeFileSync(join(outbox, 'export.csv'), sample('csv/two-claims.csv'));
      // A gateway that stops dead at the point (the step's remaining work is not done), then a fresh one.
      let crashed = 0;
      const log = createLogger({ level: 'silent' });
      const dying = createGateway({ resolved: loadConfigFile(h.configPath), ledger: h.ledger, log, watch: false, crash: (p) => {
        if (p === point && crashed++ < 2) throw new Error(`crash at ${p}`);
      } });
      await dying.cycle({ poll: false });
      expect(crashed).toBeGreaterThan(0);
      await runUntil(h, uploaded(h, ['FHIR-P-1', 'CSV-1', 'CSV-2']));
      const claims = await h.ledger.listClaims({});
      expect(claims.map((c) => c.patient_control_number).sort()).toEqual(['CSV-1', 'CSV-2', 'FHIR-P-1']);
      await h.sim.scan();
      await h.sim.idle();
      expect(received(h).filter((s) => s.startsWith('CLM*'))).toHaveLength(3);
      expect(readdirSync(join(outbox, 'archive'))).toEqual(expect.arrayContaining(['fhir.json', 'export.csv']));
      expect(readdirSync(h.gateway.context.folders.working).filter((n) => !n.startsWith('.'))).toEqual([]);
      await dying.stop();
    });
  }

  it('a poison FHIR file is quarantined after its tries and the good export still goes', async () => {
    h = await startHarness({ config: { intake: INTAKE } });
    const outbox = h.gateway.context.folders.outbox;
    // a Bundle whose shape makes the translator throw: every try fails the same way
    writeFileSync(join(outbox, 'a-poison.json'), '{"resourceType":"Bundle","type":"collection","entry":"not a list"}');
    writeFileSync(join(outbox, 'z-good.csv'), sample('csv/two-claims.csv'));
    for (let i = 0; i < 4; i++) await h.gateway.cycle({ poll: false });
    expect(readdirSync(join(outbox, 'quarantine'))).toContain('a-poison.json');
    const reason = JSON.parse(readFileSync(join(outbox, 'quarantine', 'a-poison.reason.json'), 'utf8'));
    expect(reason).toMatchObject({ code: 'INTAKE-FAILED', attempts: 3 });
    expect(existsSync(join(h.gateway.context.folders.working, 'a-poison.json'))).toBe(false);
    expect((await h.ledger.listClaims({})).map((c) => c.patient_control_number).sort()).toEqual(['CSV-1', 'CSV-2']);
  });
});
