/**
 * The simulated clearinghouse: an SFTP server on loopback with `inbound/` (837s arrive) and `outbound/`
 * (responses wait) folders. For each complete 837 it receives it:
 *  1. validates it with the guide engine and answers with a TA1 (ISA14 = 1 or a bad envelope) and a 999;
 *  2. after `delays.statusMs`, a 277CA per interchange: each claim accepted, or rejected when its member
 *     id matches `rejectMemberIds` (A7/164/IL: the subscriber's contract/member number);
 *  3. after `delays.remitMs`, an 835 for the accepted claims with deterministic adjudication (CO-45,
 *     PR-1/2/3, denials CO-50 + N115, partial CO-97 + M15) and, every `plbEvery`th 835, a PLB.
 *  4. a 276 claim-status request is answered (after `delays.statusMs`) with a 277 (005010X212) per
 *     transaction set: pended (P1/20) while the payer holds the claim, finalized paid (F1/65) or denied
 *     (F2/585) after its 835, not found (A4/35) otherwise. With `silentEvery`, every so many original
 *     claims get no 277CA line and no 835 until a 276 asks about them (then pended, and the 835 follows).
 * Like a real clearinghouse it drops an interchange it has already seen (same sender + ISA13) silently.
 * Responses are written under a temporary name and renamed, so a poller never sees half a file.
 * Responses due later are written at once into `scheduled/` (`<due ms>__<name>`) and moved into
 * outbound/ when due, so a kill loses none; the host key is kept in `<dir>/host_ed25519` (0600), so a
 * restart presents the same key to clients that pinned it.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathInside } from '../gateway/safe-name.js';
import { Decimal } from 'decimal.js';
import { buildAcknowledgments } from '../acks/generate.js';
import { readX12 } from '../guides/reader.js';
import { answerClaim, isCoordinationClaim, payerClaimNumberFor, type PayerMemory } from './adjudicate.js';
import { claimsOf837, type ReceivedClaim, type SubmitterInfo } from './received-claims.js';
import { remitsWriters } from './remits-writers.js';
import { type Envelope, type ResponseWriters } from './responses.js';
import { createSftpServer, type SftpServerHandle } from './sftp-server.js';
import { flattenTree } from '../guides/tree.js';
import type { Segment } from '../x12/tokenizer.js';
import { write277, type StatusDecision, type StatusQuestion } from './status-response.js';
import type { AdjudicatedClaim } from './adjudicate.js';
import { loadOrCreateKeyPair } from './ssh-keys.js';
import { answer270 } from './eligibility-answers.js';
import type { LoopNode } from '../guides/walker.js';
import { X12Writer, type SegmentData } from '../x12/writer.js';

/** The simulator's host key in its folder (OpenSSH private key, 0600; `.pub` beside it), kept across restarts. */
export const HOST_KEY_FILE = 'host_ed25519';

export interface SimulatorOptions {
  /** Folder of the simulator: sftp/ (served: inbound/, outbound/), processed/, scheduled/, state.json, host_ed25519. */
  dir: string;
  sftp: { port?: number; host?: string; username: string; authorizedKey?: string; password?: string; hostKey?: string };
  delays?: { ackMs?: number; statusMs?: number; remitMs?: number };
  /**
   * Every `holdEvery`-th original claim the payer accepts gets no 835 (still in adjudication), so the
   * demo's A/R aging has claims to show. Replacements and voids are always answered. Default: none held.
   */
  holdEvery?: number;
  scanIntervalMs?: number;
  /**
   * Every `silentEvery`-th original claim (by a hash of its claim id) gets no 277CA line and no 835 until a
   * 276 asks about it: the payer is "sitting on it" and the inquiry nudges it. Default: none silent.
   */
  silentEvery?: number;
  /** Claims whose member id matches are rejected in the 277CA. */
  rejectMemberIds?: string;
  /** 270s: members whose id matches are answered inactive (EB*6); default /INACTIVE/. */
  inactiveMemberIds?: string;
  /** 270s: members whose id matches are not found (AAA*N**75); default /UNKNOWN/. */
  unknownMemberIds?: string;
  /** Every Nth 835 carries a provider-level adjustment (PLB). 0 = never. */
  plbEvery?: number;
  ids?: { senderId?: string; payerId?: string; payerName?: string };
  /** Default: the remits 835 writer and the built-in 277CA writer (src/simulator/remits-writers.ts). */
  writers?: ResponseWriters;
  now?: () => Date;
  /** Metadata-only events (counts, control numbers), for the caller's logger. */
  onEvent?: (event: string, fields: Record<string, unknown>) => void;
}

interface State {
  nextInterchange: number;
  nextGroup: number;
  remittances: number;
  seen: Record<string, string>;
}

export interface SimulatorStats {
  received: number;
  duplicates: number;
  claims: number;
  rejected: number;
  responses: Record<string, number>;
  /** 270 transaction sets answered with a 271. */
  eligibility?: number;
}

export interface Simulator {
  server: SftpServerHandle;
  root: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Looks at inbound/ now (tests). */
  scan(): Promise<void>;
  /** Resolves when nothing is waiting: no unprocessed inbound file and no scheduled response. */
  idle(): Promise<void>;
  stats(): SimulatorStats;
}

export function createSimulator(options: SimulatorOptions): Simulator {
  const root = join(options.dir, 'sftp');
  const inbound = join(root, 'inbound');
  const outbound = join(root, 'outbound');
  const processed = join(options.dir, 'processed');
  const scheduled = join(options.dir, 'scheduled');
  for (const d of [inbound, outbound, processed, scheduled]) mkdirSync(d, { recursive: true, mode: 0o700 });
  const statePath = join(options.dir, 'state.json');
  const state: State = existsSync(statePath) ? JSON.parse(readFileSync(statePath, 'utf8')) : { nextInterchange: 1, nextGroup: 1, remittances: 0, seen: {} };
  const saveState = () => {
    writeFileSync(statePath + '.tmp', JSON.stringify(state), { mode: 0o600 });
    renameSync(statePath + '.tmp', statePath);
  };
  const now = options.now ?? (() => new Date());
  const writers = options.writers ?? remitsWriters;
  const delays = { ackMs: 0, statusMs: 500, remitMs: 1000, ...options.delays };
  const senderId = options.ids?.senderId ?? 'SIMCH';
  const payer = { id: options.ids?.payerId ?? '999999999', name: options.ids?.payerName ?? 'SIMULATED PAYER' };
  const rejectPattern = options.rejectMemberIds ? new RegExp(options.rejectMemberIds) : undefined;
  const inactivePattern = options.inactiveMemberIds ? new RegExp(options.inactiveMemberIds) : undefined;
  const unknownPattern = options.unknownMemberIds ? new RegExp(options.unknownMemberIds) : undefined;
  const event = (e: string, f: Record<string, unknown> = {}) => options.onEvent?.(e, f);
  const stats: SimulatorStats = { received: 0, duplicates: 0, claims: 0, rejected: 0, responses: {} };
  /** The payment left standing per claim, so replacements and voids are answered with a reversal (in memory: a restarted simulator answers them as new claims). */
  const payerMemory: PayerMemory = new Map();
  const sizes = new Map<string, number>();
  /** What the payer knows of each claim by its claim id, for 276 answers (in memory, like payerMemory). */
  const known = new Map<string, { state: 'silent' | 'held' | 'asked' | 'remitted'; claim: ReceivedClaim; payerClaimNumber?: string; paid?: Decimal; denied?: boolean; to?: { receiverId: string; receiverCode: string; usage: 'P' | 'T'; reference: string } }>();
  const silent = (c: { frequency?: string; patientControlNumber: string }) => !!options.silentEvery && (c.frequency ?? '1') === '1' && heldByNumber(`silent:${c.patientControlNumber}`, options.silentEvery);
  let scanTimer: NodeJS.Timeout | undefined;
  let scanning: Promise<void> | undefined;

  const server = createSftpServer({ root, ...options.sftp, hostKey: options.sftp.hostKey ?? loadOrCreateKeyPair(join(options.dir, HOST_KEY_FILE)).privateKey });

  const stamp = () => {
    const t = now().toISOString();
    return { date: t.slice(0, 10).replace(/-/g, ''), time: t.slice(11, 16).replace(':', '') };
  };

  function envelope(receiverId: string, receiverCode: string, usage: 'P' | 'T'): Envelope {
    const { date, time } = stamp();
    const e: Envelope = { senderId, receiverId, senderCode: senderId, receiverCode, interchangeControl: state.nextInterchange++, groupControl: state.nextGroup++, date, time, usage };
    saveState();
    return e;
  }

  /** While `later` runs its work: when what it emits is due (ms since epoch). */
  let emitDueAt: number | undefined;

  function emit(name: string, text: string, kind: string) {
    // The name carries the sender's ISA13: checked before it becomes a path.
    const target = pathInside(outbound, name);
    if (emitDueAt !== undefined && emitDueAt > Date.now()) {
      const file = pathInside(scheduled, `${emitDueAt}__${kind}__${name}`);
      writeFileSync(file + '.tmp', text, { mode: 0o600 });
      renameSync(file + '.tmp', file);
      return;
    }
    const tmp = join(outbound, `.${name}.tmp`);
    writeFileSync(tmp, text, { mode: 0o600 });
    renameSync(tmp, target);
    stats.responses[kind] = (stats.responses[kind] ?? 0) + 1;
    event('sim.response', { kind, file: name });
  }

  /** Runs `fn` now; what it emits is published after `ms` (kept in scheduled/ until then, across restarts). */
  function later(ms: number, fn: () => void) {
    emitDueAt = Date.now() + ms;
    try {
      fn();
    } catch (err) {
      event('sim.error', { message: (err as Error).message });
    } finally {
      emitDueAt = undefined;
    }
  }

  /** Responses in scheduled/ (`<due>__<kind>__<name>`) that are due move into outbound/ (complete files: a rename). */
  function releaseDue(): number {
    let waiting = 0;
    for (const entry of readdirSync(scheduled).sort()) {
      const m = /^(\d+)__([^_]+)__(.+)$/.exec(entry);
      if (!m || entry.endsWith('.tmp')) continue;
      if (Number(m[1]) > Date.now()) {
        waiting++;
        continue;
      }
      renameSync(join(scheduled, entry), pathInside(outbound, m[3]));
      stats.responses[m[2]] = (stats.responses[m[2]] ?? 0) + 1;
      event('sim.response', { kind: m[2], file: m[3] });
    }
    return waiting;
  }

  function processFile(name: string) {
    const path = join(inbound, name);
    const bytes = readFileSync(path);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const trees: Array<{ submitter: SubmitterInfo; claims: ReceivedClaim[]; interchange: string; transaction: string }> = [];
    const inquiries: Segment[][] = [];
    const eligibilityInquiries: Array<{ tree: LoopNode; interchange: string; transaction: string }> = [];
    const report = readX12(bytes, {
      file: name,
      buildTree: true,
      onTransaction: (tree, ctx) => {
        if (tree && ctx.guide?.map.id === '276' && ctx.transaction.status !== 'R') inquiries.push([...flattenTree(tree)]);
        if (tree && ctx.guide?.map.id === '270') return void eligibilityInquiries.push({ tree, interchange: ctx.interchange.controlNumber, transaction: ctx.transaction.controlNumber });
        if (!tree || !ctx.guide || !ctx.guide.map.id.startsWith('837')) return;
        const got = claimsOf837(tree, ctx.transaction.controlNumber);
        trees.push({ ...got, interchange: ctx.interchange.controlNumber, transaction: ctx.transaction.controlNumber });
      },
    });
    stats.received++;
    const first = report.interchanges[0];
    const key = first ? `${first.senderId}:${first.controlNumber}` : `sha:${sha}`;
    if (state.seen[key]) {
      stats.duplicates++;
      event('sim.duplicate', { interchange: first?.controlNumber });
      renameSync(path, join(processed, `${name}.duplicate-${sha.slice(0, 8)}`));
      return;
    }
    state.seen[key] = sha;
    saveState();
    renameSync(path, join(processed, name));
    if (!first) {
      event('sim.unreadable', { file: name });
      return;
    }
    const receiverId = first.senderId;
    const receiverCode = first.groups[0]?.senderCode || receiverId;
    const usage: 'P' | 'T' = first.usage === 'P' ? 'P' : 'T';
    const { date, time } = stamp();
    const acks = buildAcknowledgments(report, {
      date,
      time,
      interchangeControlNumber: () => {
        const n = state.nextInterchange++;
        saveState();
        return n;
      },
      groupControlNumber: () => {
        const n = state.nextGroup++;
        saveState();
        return n;
      },
      lineEnding: '\n',
    });
    const rejectedInterchanges = new Set<string>();
    later(delays.ackMs, () => {
      for (const a of acks) {
        if (a.ta1) emit(`${senderId}-${a.interchange}-ta1.x12`, a.ta1, 'TA1');
        if (a.ack999) emit(`${senderId}-${a.interchange}-999.x12`, a.ack999, '999');
      }
    });
    for (const a of acks) if (a.ta1Status === 'R') rejectedInterchanges.add(a.interchange);
    if (inquiries.length && !rejectedInterchanges.has(first.controlNumber)) answerInquiries(inquiries, { receiverId, receiverCode, usage, reference: first.controlNumber });
    const acceptedSets = new Set<string>();
    for (const ic of report.interchanges) {
      if (rejectedInterchanges.has(ic.controlNumber)) continue;
      for (const g of ic.groups) for (const t of g.transactions) if (t.status !== 'R') acceptedSets.add(`${ic.controlNumber}:${t.controlNumber}`);
    }
    const asked = eligibilityInquiries.filter((t) => acceptedSets.has(`${t.interchange}:${t.transaction}`));
    if (asked.length) {
      stats.eligibility = (stats.eligibility ?? 0) + asked.length;
      later(delays.statusMs, () => {
        const e = envelope(receiverId, receiverCode, usage);
        emit(`${senderId}-${first.controlNumber}-271.x12`, write271(e, asked.map((a) => answer270(a.tree, { date: e.date, time: e.time, inactive: inactivePattern, unknown: unknownPattern }))), '271');
      });
    }
    const claims = trees.filter((t) => acceptedSets.has(`${t.interchange}:${t.transaction}`));
    if (claims.length === 0) return;
    const submitter = claims[0].submitter;
    const all = claims.flatMap((t) => t.claims);
    stats.claims += all.length;
    const verdicts = all.map((claim) => {
      const rejected = !!rejectPattern && rejectPattern.test(claim.memberId);
      if (rejected) stats.rejected++;
      return rejected
        ? { claim, accepted: false, reason: { category: 'A7', status: '164', entity: 'IL' } }
        : { claim, accepted: true, payerClaimNumber: claim.frequency === '8' && claim.originalClaimNumber ? claim.originalClaimNumber : claim.frequency === '7' ? payerClaimNumberFor(`${claim.patientControlNumber}#${claim.originalClaimNumber ?? ''}`) : payerClaimNumberFor(claim.patientControlNumber) };
    });
    const reference = first.controlNumber;
    const to = { receiverId, receiverCode, usage, reference };
    const spoken = verdicts.filter((v) => !(v.accepted && silent(v.claim)));
    for (const v of verdicts) if (v.accepted && silent(v.claim)) known.set(v.claim.patientControlNumber, { state: 'silent', claim: v.claim, payerClaimNumber: v.payerClaimNumber, to });
    if (spoken.length) {
      later(delays.statusMs, () => {
        const e = envelope(receiverId, receiverCode, usage);
        emit(`${senderId}-${reference}-277ca.x12`, writers.write277CA({ envelope: e, submitter, reference, claims: spoken }), '277CA');
      });
    }
    const held = (c: { frequency?: string; patientControlNumber: string }) => !!options.holdEvery && (c.frequency ?? '1') === '1' && heldByNumber(c.patientControlNumber, options.holdEvery);
    for (const v of spoken) if (v.accepted && held(v.claim)) known.set(v.claim.patientControlNumber, { state: 'held', claim: v.claim, payerClaimNumber: v.payerClaimNumber });
    remit(spoken.filter((v) => v.accepted && !held(v.claim)).flatMap((v) => answerClaim(v.claim, payerMemory)), to);
  }

  /** The 835 for `payable` (after `delays.remitMs`); the claims are remembered as remitted. */
  function remit(payable: AdjudicatedClaim[], to: { receiverId: string; receiverCode: string; usage: 'P' | 'T'; reference: string }) {
    if (payable.length === 0) return;
    const { receiverId, receiverCode, usage, reference } = to;
    for (const p of payable) if (p.status !== '22') known.set(p.claim.patientControlNumber, { state: 'remitted', claim: p.claim, payerClaimNumber: p.payerClaimNumber, paid: p.paid, denied: p.path === 'denied' });
    // Secondary and tertiary claims are answered by their own payer (2010BB), each in its own 835.
    const primary = payable.filter((c) => !isCoordinationClaim(c.claim));
    const coordination = new Map<string, typeof payable>();
    for (const c of payable) if (isCoordinationClaim(c.claim)) coordination.set(c.claim.payerId, [...(coordination.get(c.claim.payerId) ?? []), c]);
    const groups: Array<{ payer: { id: string; name: string }; claims: typeof payable; suffix: string }> = [];
    if (primary.length) groups.push({ payer, claims: primary, suffix: '' });
    for (const [payerId, list] of coordination) groups.push({ payer: { id: payerId || payer.id, name: `SIMULATED PAYER ${payerId}`.slice(0, 60) }, claims: list, suffix: `-${payerId || 'cob'}` });
    later(delays.remitMs, () => {
      for (const group of groups) {
        const e = envelope(receiverId, receiverCode, usage);
        state.remittances++;
        saveState();
        const n = state.remittances;
        const claims = group.claims;
        const plb: Array<{ providerId: string; reason: string; reference: string; amount: Decimal }> = [];
        const paid = claims.reduce((s, c) => s.plus(c.paid), new Decimal(0));
        // Reversals that take back more than this run pays: the negative balance is carried forward (PLB FB).
        if (paid.isNegative()) plb.push({ providerId: claims[0].claim.billingNpi || '0000000000', reason: 'FB', reference: `FB${n}`, amount: paid });
        if (options.plbEvery && n % options.plbEvery === 0 && paid.gt(5)) plb.push({ providerId: claims[0].claim.billingNpi || '0000000000', reason: 'WO', reference: `RECOUP${n}`, amount: new Decimal(5) });
        const byNpi = claims[0].claim.billingNpi;
        emit(
          `${senderId}-${reference}${group.suffix}-835.x12`,
          writers.write835({ envelope: e, payer: group.payer, payee: { name: claims[0].claim.billingName, npi: byNpi }, traceNumber: `SIM${String(n).padStart(6, '0')}${reference}`, claims, providerAdjustments: plb }),
          '835',
        );
      }
    });
  }

  /** What the payer says about one claim question of a 276. */
  function decide(q: StatusQuestion): StatusDecision {
    const k = q.patientControlNumber ? known.get(q.patientControlNumber) : undefined;
    if (!k) return { category: 'A4', status: '35' };
    if (k.state === 'remitted') return k.denied ? { category: 'F2', status: '585', payerClaimNumber: k.payerClaimNumber, paid: '0' } : { category: 'F1', status: '65', payerClaimNumber: k.payerClaimNumber, paid: k.paid?.toFixed(2) };
    return { category: 'P1', status: '20', payerClaimNumber: k.payerClaimNumber };
  }

  /** 276s → a 277 per transaction set; a silent claim asked about is pended and its 835 follows. */
  function answerInquiries(inquiries: Segment[][], to: { receiverId: string; receiverCode: string; usage: 'P' | 'T'; reference: string }) {
    inquiries.forEach((segments, k) => {
      later(delays.statusMs, () => {
        const e = envelope(to.receiverId, to.receiverCode, to.usage);
        emit(`${senderId}-${to.reference}-${k + 1}-277.x12`, write277(e, segments, decide), '277');
      });
    });
    const nudged: AdjudicatedClaim[] = [];
    const back = new Map<string, { receiverId: string; receiverCode: string; usage: 'P' | 'T'; reference: string }>();
    for (const segments of inquiries)
      for (const s of segments) {
        if (s.id !== 'REF' || s.elements[1] !== 'EJ') continue;
        const k = known.get(s.elements[2] ?? '');
        if (k?.state !== 'silent') continue;
        k.state = 'asked';
        nudged.push(...answerClaim(k.claim, payerMemory));
        if (k.to) back.set(k.to.reference, k.to);
      }
    // Its own file name (the 837's reference + the inquiry's), never the name of the 837's first 835.
    const origin = [...back.values()][0] ?? to;
    if (nudged.length) remit(nudged, { ...origin, reference: `${origin.reference}N${to.reference}` });
  }

  async function scan() {
    if (scanning) return scanning;
    scanning = (async () => {
      releaseDue();
      for (const name of readdirSync(inbound).sort()) {
        if (name.startsWith('.') || name.endsWith('.part')) continue;
        const path = join(inbound, name);
        let size: number;
        try {
          const st = statSync(path);
          if (!st.isFile()) continue;
          size = st.size;
        } catch {
          continue;
        }
        // Complete = renamed into place, and the same size twice in a row (for direct uploads).
        if (sizes.get(name) !== size) {
          sizes.set(name, size);
          continue;
        }
        sizes.delete(name);
        try {
          processFile(name);
        } catch (err) {
          event('sim.error', { file: name, message: (err as Error).message });
        }
      }
    })().finally(() => (scanning = undefined));
    return scanning;
  }

  return {
    server,
    root,
    async start() {
      await server.start();
      const tick = () => {
        scanTimer = setTimeout(async () => {
          await scan();
          if (scanTimer) tick();
        }, options.scanIntervalMs ?? 200);
      };
      tick();
      event('sim.started', { port: server.port });
    },
    async stop() {
      if (scanTimer) clearTimeout(scanTimer);
      scanTimer = undefined;
      await server.stop();
    },
    scan,
    async idle() {
      for (;;) {
        await scan();
        const pending = readdirSync(inbound).filter((n) => !n.startsWith('.') && !n.endsWith('.part'));
        if (pending.length === 0 && releaseDue() === 0 && !scanning) return;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stats: () => structuredClone(stats),
  };
}

/** Whether a claim is one of the held ones: deterministic by its claim id (the same claim is held on every run). */
/** The 271 interchange: one transaction set per 270 transaction set answered. */
function write271(e: Envelope, bodies: SegmentData[][]): string {
  const out: string[] = [];
  const w = new X12Writer((t) => out.push(t), undefined, '\n');
  w.startInterchange({ senderQualifier: 'ZZ', senderId: e.senderId, receiverQualifier: 'ZZ', receiverId: e.receiverId, controlNumber: e.interchangeControl, date: e.date, time: e.time, usage: e.usage });
  w.startGroup({ functionalId: 'HB', senderCode: e.senderCode, receiverCode: e.receiverCode, date: e.date, time: e.time, controlNumber: e.groupControl, version: '005010X279A1' });
  bodies.forEach((body, i) => {
    w.startTransaction('271', i + 1, '005010X279A1');
    for (const s of body) w.segment(s);
    w.endTransaction();
  });
  w.endGroup();
  w.endInterchange();
  return out.join('');
}

export function heldByNumber(patientControlNumber: string, every: number): boolean {
  let h = 0;
  for (const ch of patientControlNumber) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h % every === 0;
}
