/**
 * A file's "by loop" view (issue 16 item 3): the guide engine's loop tree of each transaction set
 * (src/guides/reader.ts readX12), shown as nested loops with their ids and names, each segment with its
 * number in the file and the guide's name for it. Capped: past MAX_LOOP_SEGMENTS segments the trees are
 * not kept (the raw view and the download have the rest), and the page says so. Pure: bytes in, HTML out.
 */
import { readX12 } from '../../guides/reader.js';
import type { LoopNode } from '../../guides/walker.js';
import { textOf } from '../../x12/tokenizer.js';
import { html, type Html } from './layout.js';

/** Segments shown in the by-loop view at most (the tree of a set that would pass it is not kept). */
export const MAX_LOOP_SEGMENTS = 3000;

export interface LoopTrees {
  /** One loop tree per transaction set shown, in file order. */
  trees: LoopNode[];
  /** Segments in the trees shown. */
  shown: number;
  /** Transaction sets not shown (past the cap, or read without a guide). */
  omitted: number;
  /** Segments in the whole file. */
  total: number;
}

function countSegments(node: LoopNode): number {
  let n = 0;
  for (const c of node.children) n += c.kind === 'segment' ? 1 : countSegments(c);
  return n;
}

/** The loop trees of a file's transaction sets, kept while they fit under `cap` segments. */
export function loopTrees(bytes: Buffer, cap = MAX_LOOP_SEGMENTS): LoopTrees {
  const out: LoopTrees = { trees: [], shown: 0, omitted: 0, total: 0 };
  const report = readX12(bytes, {
    structureOnly: true,
    buildTree: true,
    onTransaction: (root) => {
      if (!root) return void out.omitted++;
      const n = countSegments(root);
      if (out.shown + n > cap) return void out.omitted++;
      out.trees.push(root);
      out.shown += n;
    },
  });
  out.total = report.segmentCount;
  return out;
}

function loopHtml(node: LoopNode): Html {
  return html`<li class="loop" data-loop="${node.id}"><span class="loop-id">${node.id === 'ST' ? 'Transaction set' : `Loop ${node.id}`}</span> <b>${node.name}</b>
<ol class="loop-children">${node.children.map((c) =>
    c.kind === 'loop'
      ? loopHtml(c)
      : html`<li class="seg" data-seg="${String(c.segment.number)}"><span class="num seg-no">${String(c.segment.number)}</span> <code>${textOf(c.segment)}</code>${c.def ? html` <span class="muted small">${c.def.name}</span>` : html` <span class="muted small">(not expected here by the guide)</span>`}</li>`,
  )}</ol></li>`;
}

/** The by-loop view: a note on what is shown, then each transaction set's loops nested. */
export function loopView(bytes: Buffer, cap = MAX_LOOP_SEGMENTS): Html {
  const t = loopTrees(bytes, cap);
  const envelope = t.total - t.shown;
  const note = t.omitted
    ? html`<p class="notice" role="status" id="loops-capped">The by-loop view shows ${t.trees.length.toLocaleString('en-US')} transaction set${t.trees.length === 1 ? '' : 's'} (${t.shown.toLocaleString('en-US')} of ${t.total.toLocaleString('en-US')} segments); ${t.omitted.toLocaleString('en-US')} more ${t.omitted === 1 ? 'is' : 'are'} not shown. Use the <a href="?view=raw">raw view</a> or the download for the rest.</p>`
    : html`<p class="muted small">${t.trees.length.toLocaleString('en-US')} transaction set${t.trees.length === 1 ? '' : 's'}, ${t.shown.toLocaleString('en-US')} segments by loop${envelope > 0 ? `; the ${envelope.toLocaleString('en-US')} envelope segments (ISA, GS, GE, IEA) are in the raw view` : ''}.</p>`;
  return html`${note}<div class="scroll" tabindex="0" role="region" aria-label="Segments by loop"><ol class="loops">${t.trees.map(loopHtml)}</ol></div>`;
}
