/**
 * Synthetic X12 files for benchmarks, written at run time (never committed): an 837P with one billing
 * provider per 500 claims and an 835 with one transaction set per 10,000 claim payments. Every value is
 * made up. The files validate clean against our guide maps, so validation measures real work, not error
 * reporting.
 */
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';

const ISA = (control: string, gs01: string, version: string) =>
  `ISA*00*          *00*          *ZZ*BENCHSENDER    *ZZ*BENCHRECEIVER  *240101*1200*^*00501*${control}*0*T*:~\nGS*${gs01}*BENCHSENDER*BENCHRECEIVER*20240101*1200*1*X*${version}~\n`;

function claim837(n: number, hl: number, parent: number): string {
  const id = String(n).padStart(9, '0');
  return (
    `HL*${hl}*${parent}*22*0~\nSBR*P*18*GRP${id}******CI~\nNM1*IL*1*TESTPATIENT*ALEX****MI*MBR${id}~\nN3*${n % 900} TEST ST~\nN4*SPRINGFIELD*IL*627010001~\nDMG*D8*19800101*F~\nNM1*PR*2*TEST PAYER*****PI*PAYER01~\n` +
    `CLM*PCN${id}*150***11:B:1*Y*A*Y*Y~\nHI*ABK:J449*ABF:R05~\n` +
    `LX*1~\nSV1*HC:99213*100*UN*1***1:2~\nDTP*472*D8*20231215~\nREF*6R*${id}01~\n` +
    `LX*2~\nSV1*HC:85025*50*UN*1***1~\nDTP*472*D8*20231215~\nREF*6R*${id}02~\n`
  );
}
const CLAIM_SEGMENTS = 17;

function header837(st: string): string {
  return (
    `ST*837*${st}*005010X222A1~\nBHT*0019*00*BATCH${st}*20240101*1200*CH~\nNM1*41*2*BENCH SUBMITTER*****46*SUB123~\nPER*IC*CONTACT*TE*5555550100~\nNM1*40*2*BENCH RECEIVER*****46*REC456~\n`
  );
}
const HEADER_SEGMENTS = 5;
function provider837(hl: number): string {
  return `HL*${hl}**20*1~\nNM1*85*2*BENCH CLINIC*****XX*1234567893~\nN3*1 MAIN ST~\nN4*SPRINGFIELD*IL*627010001~\nREF*EI*123456789~\n`;
}
const PROVIDER_SEGMENTS = 5;

function claim835(n: number): string {
  const id = String(n).padStart(9, '0');
  return (
    `LX*${(n % 9999) + 1}~\nCLP*PCN${id}*1*150*100*20*12*PAYER${id}*11*1~\nNM1*QC*1*TESTPATIENT*ALEX****MI*MBR${id}~\nNM1*82*1*TESTDOCTOR*SAM****XX*1234567893~\nDTM*232*20231215~\n` +
    `SVC*HC:99213*100*70**1~\nDTM*472*20231215~\nCAS*CO*45*20~\nCAS*PR*1*10~\nREF*6R*${id}01~\nAMT*B6*80~\n` +
    `SVC*HC:85025*50*30**1~\nDTM*472*20231215~\nCAS*CO*45*10~\nCAS*PR*2*10~\nREF*6R*${id}02~\nAMT*B6*40~\n`
  );
}
const CLAIM835_SEGMENTS = 17;
function header835(st: string, total: string): string {
  return (
    `ST*835*${st}~\nBPR*I*${total}*C*ACH*CCP*01*999999999*DA*123456789*1512345678**01*999988880*DA*98765*20240105~\nTRN*1*TRACE${st}*1512345678~\nDTM*405*20240105~\n` +
    `N1*PR*BENCH PAYER~\nN3*1 PAYER WAY~\nN4*SPRINGFIELD*IL*627010001~\nPER*BL*TECH*TE*5555550101~\nN1*PE*BENCH CLINIC*XX*1234567893~\nN3*1 MAIN ST~\nN4*SPRINGFIELD*IL*627010001~\nREF*TJ*123456789~\n`
  );
}
const HEADER835_SEGMENTS = 12;

/** Writes an 837P of about `bytes` bytes; returns the number of claims. */
export async function write837(path: string, bytes: number): Promise<number> {
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  let written = 0;
  const put = async (s: string) => {
    written += s.length;
    if (!out.write(s)) await once(out, 'drain');
  };
  await put(ISA('000000001', 'HC', '005010X222A1'));
  let n = 0;
  let st = 0;
  let sets = 0;
  while (written < bytes) {
    st++;
    sets++;
    const control = String(st).padStart(4, '0');
    let buf = header837(control);
    let segments = HEADER_SEGMENTS + 1;
    let hl = 0;
    // One transaction set per 5,000 claims, one billing provider per 500.
    for (let p = 0; p < 10 && written + buf.length < bytes; p++) {
      const providerHl = ++hl;
      buf += provider837(providerHl);
      segments += PROVIDER_SEGMENTS;
      for (let c = 0; c < 500; c++) {
        buf += claim837(++n, ++hl, providerHl);
        segments += CLAIM_SEGMENTS;
        if (buf.length > 1 << 20) {
          await put(buf);
          buf = '';
        }
      }
    }
    buf += `SE*${segments}*${control}~\n`;
    await put(buf);
  }
  await put(`GE*${sets}*1~\nIEA*1*000000001~\n`);
  out.end();
  await once(out, 'finish');
  return n;
}

/** Writes an 835 of about `bytes` bytes, balanced at line, claim and check level; returns the number of claim payments. */
export async function write835(path: string, bytes: number): Promise<number> {
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  let written = 0;
  const put = async (s: string) => {
    written += s.length;
    if (!out.write(s)) await once(out, 'drain');
  };
  await put(ISA('000000002', 'HP', '005010X221A1'));
  let n = 0;
  let st = 0;
  while (written < bytes) {
    st++;
    const control = String(st).padStart(4, '0');
    const claims = 10000;
    // Each claim pays 100; PLB-free; BPR02 = sum of CLP04.
    let buf = header835(control, String(claims * 100));
    let segments = HEADER835_SEGMENTS + 1;
    buf += 'LX*1~\n';
    segments++;
    for (let c = 0; c < claims; c++) {
      buf += claim835(++n).replace(/^LX\*\d+~\n/, '');
      segments += CLAIM835_SEGMENTS - 1;
      if (buf.length > 1 << 20) {
        await put(buf);
        buf = '';
      }
    }
    buf += `SE*${segments}*${control}~\n`;
    await put(buf);
  }
  await put(`GE*${st}*1~\nIEA*1*000000002~\n`);
  out.end();
  await once(out, 'finish');
  return n;
}

/**
 * The `Buffer.indexOf` scan floor of a file: segment terminators (~) counted over 1 MiB chunks, nothing can
 * read it faster. Best of three passes (the file is in the page cache after the first): a floor is a bound,
 * and one pass of ~0.1 s on a shared machine is mostly noise.
 */
export async function scanFloor(path: string): Promise<{ seconds: number; segments: number; bytes: number }> {
  let segments = 0;
  let seconds = Infinity;
  for (let pass = 0; pass < 3; pass++) {
    const start = process.hrtime.bigint();
    segments = 0;
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      let at = chunk.indexOf(126);
      while (at >= 0) {
        segments++;
        at = chunk.indexOf(126, at + 1);
      }
    }
    seconds = Math.min(seconds, Number(process.hrtime.bigint() - start) / 1e9);
  }
  return { seconds, segments, bytes: statSync(path).size };
}
