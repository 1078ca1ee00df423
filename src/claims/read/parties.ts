/** Reading parties back out of 837 loops: NM1 names, N3/N4 addresses, PER contacts, PRV taxonomy. */
import { Decimal } from 'decimal.js';
import { findSegment } from '../../guides/tree.js';
import type { LoopNode } from '../../guides/walker.js';
import { element } from '../../x12/elements.js';
import type { Segment } from '../../x12/tokenizer.js';
import type { Address, Contact, PersonName, Provider } from '../model.js';

/** Leaves out keys whose value is undefined, so read-back objects equal what was written. */
export function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as Array<keyof T>) if (o[k] === undefined) delete o[k];
  return o;
}

/** An X12 decimal in the model's canonical form ("150.00" → "150"); left as is when it is not a number (the schema then says so). */
export const num = (v: string): string => (/^-?(\d+\.?\d*|\.\d+)$/.test(v) ? new Decimal(v).toFixed() : v);

/** "" → undefined */
export const opt = (v: string): string | undefined => (v === '' ? undefined : v);

export function personName(nm1: Segment): PersonName {
  return compact({ last: element(nm1, 3), first: opt(element(nm1, 4)), middle: opt(element(nm1, 5)), suffix: opt(element(nm1, 7)) });
}

export function providerFrom(nm1: Segment, prv?: Segment): Provider {
  const person = element(nm1, 2) === '1';
  return compact({
    entity: person ? ('person' as const) : ('organization' as const),
    name: element(nm1, 3),
    firstName: person ? opt(element(nm1, 4)) : undefined,
    middleName: person ? opt(element(nm1, 5)) : undefined,
    suffix: person ? opt(element(nm1, 7)) : undefined,
    npi: element(nm1, 8) === 'XX' ? opt(element(nm1, 9)) : undefined,
    taxonomy: prv ? opt(element(prv, 3)) : undefined,
  });
}

/** N3/N4 directly in `loop` (the first pair). */
export function addressIn(loop: LoopNode): Address | undefined {
  const n3 = findSegment(loop, 'N3');
  const n4 = findSegment(loop, 'N4');
  if (!n3 || !n4) return undefined;
  return compact({
    line1: element(n3, 1),
    line2: opt(element(n3, 2)),
    city: element(n4, 1),
    state: opt(element(n4, 2)),
    postalCode: opt(element(n4, 3)),
    country: opt(element(n4, 4)),
  });
}

export function contactIn(loop: LoopNode): Contact | undefined {
  const per = findSegment(loop, 'PER');
  if (!per) return undefined;
  const c: Contact = { name: opt(element(per, 2)) };
  for (const pos of [3, 5, 7]) {
    const q = element(per, pos);
    if (q === 'TE') c.phone = element(per, pos + 1);
    if (q === 'EM') c.email = element(per, pos + 1);
  }
  return compact(c);
}

/** REF02 of the REF with qualifier `q` directly in `loop`. */
export const refIn = (loop: LoopNode, q: string): string | undefined => {
  const s = findSegment(loop, 'REF', [q]);
  return s ? element(s, 2) : undefined;
};

/** DTP03 of the DTP with qualifier `q` (D8) as an ISO date. */
export const dateIn = (loop: LoopNode, q: string): string | undefined => {
  const s = findSegment(loop, 'DTP', [q]);
  if (!s) return undefined;
  const v = element(s, 3);
  return `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}`;
};

