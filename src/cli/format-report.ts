/** Human-readable validation report, grouped by interchange, group and transaction set, with positions. */
import type { Finding } from '../x12/finding.js';
import { describePosition } from '../x12/finding.js';
import type { ReadReport } from '../guides/reader.js';
import { isValid } from '../guides/reader.js';

const STATUS: Record<string, string> = { A: 'accepted', E: 'accepted with warnings', R: 'rejected', P: 'partially accepted' };

function line(f: Finding): string {
  const p = f.position;
  const where: string[] = [];
  if (p.segmentNumber !== undefined) where.push(`segment ${p.segmentNumber}`);
  if (p.byteOffset !== undefined) where.push(`byte ${p.byteOffset}`);
  if (p.loop && p.loop !== 'ST') where.push(`loop ${p.loop}`);
  if (p.segmentId) {
    let ref = p.segmentId;
    if (p.element !== undefined) ref += String(p.element).padStart(2, '0');
    if (p.component !== undefined) ref += `-${p.component}`;
    where.push(ref);
  }
  return `${f.severity.toUpperCase().padEnd(7)} ${where.join(', ') || describePosition(p)}: ${f.message} [${f.code}]`;
}

export function formatReport(report: ReadReport, options: { maxPerTransaction?: number } = {}): string {
  const max = options.maxPerTransaction ?? 50;
  const out: string[] = [];
  const valid = isValid(report);
  const sets = report.interchanges.flatMap((i) => i.groups.flatMap((g) => g.transactions));
  out.push(`${report.file ?? '(input)'}: ${valid ? 'VALID' : 'INVALID'} — ${report.interchanges.length} interchange(s), ${sets.length} transaction set(s), ${report.segmentCount} segments, ${report.byteCount} bytes`);
  for (const f of report.findings) out.push('  ' + line(f));
  for (const ic of report.interchanges) {
    out.push(`  Interchange ${ic.controlNumber} from ${ic.senderQualifier}/${ic.senderId} to ${ic.receiverQualifier}/${ic.receiverId} (${ic.usage === 'P' ? 'production' : 'test'})${ic.closed ? '' : ' — no IEA'}`);
    for (const f of ic.findings) out.push('    ' + line(f));
    for (const t of ic.ta1) out.push(`    TA1 acknowledging interchange ${t.elements[1] ?? '?'}: ${t.elements[4] === 'A' ? 'accepted' : t.elements[4] === 'R' ? 'rejected' : 'accepted with errors'} (note ${t.elements[5] ?? '?'})`);
    for (const g of ic.groups) {
      out.push(`    Group ${g.controlNumber} ${g.functionalId} ${g.version}: ${STATUS[g.status] ?? g.status}`);
      for (const f of g.findings) out.push('      ' + line(f));
      for (const t of g.transactions) {
        const errors = t.findings.filter((f) => f.severity === 'error').length + t.droppedFindings;
        const warnings = t.findings.filter((f) => f.severity === 'warning').length;
        out.push(`      Transaction set ${t.id} ${t.controlNumber} (${t.guideId ? `${t.guideId} ${t.guideVersion}` : 'no guide'}), segments ${t.firstSegment}-${t.lastSegment}: ${STATUS[t.status]}${errors ? `, ${errors} error(s)` : ''}${warnings ? `, ${warnings} warning(s)` : ''}`);
        for (const f of t.findings.slice(0, max)) out.push('        ' + line(f));
        const more = t.findings.length - Math.min(max, t.findings.length) + t.droppedFindings;
        if (more > 0) out.push(`        ... and ${more} more (use --json for all kept findings)`);
      }
    }
  }
  return out.join('\n') + '\n';
}
