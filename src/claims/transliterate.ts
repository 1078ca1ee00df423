/**
 * Characters outside the X12 character set (the basic and extended sets are printable ASCII, 0x20-0x7E)
 * in free-text fields (names, addresses, notes) are replaced by their plain-letter form, the way a payer
 * keys them from the card: MUÑOZ → MUNOZ, BÉLANGER → BELANGER, STRAßE → STRASSE, “x” → "x".
 * Unicode compatibility decomposition (NFKD) strips accents; a small table covers letters that do not
 * decompose (ß, Æ, Ø, Ł, …) and punctuation (curly quotes, dashes, ellipsis, no-break space).
 *
 * Identifiers, codes and amounts are never touched: only the keys in TEXT_FIELDS are, so a member id with
 * an accented letter stays wrong and the scrubber refuses it (NON-ASCII-CHARACTER).
 */

/** The model's free-text keys (names, address lines, notes, descriptions). */
export const TEXT_FIELDS: ReadonlySet<string> = new Set(['name', 'last', 'first', 'middle', 'suffix', 'firstName', 'middleName', 'line1', 'line2', 'city', 'groupName', 'note', 'description']);

const OUTSIDE_X12 = /[^\x20-\x7E]/;
const COMBINING_MARK = /\p{M}/gu;

/** Letters and signs NFKD does not turn into ASCII. Upper-case forms of ß follow the neighbouring letters. */
const TABLE: Readonly<Record<string, string>> = {
  ß: 'SS', ẞ: 'SS', Æ: 'AE', æ: 'ae', Œ: 'OE', œ: 'oe', Ø: 'O', ø: 'o', Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Ð: 'D', ð: 'd', Þ: 'TH', þ: 'th', ı: 'i', Ŀ: 'L', ŀ: 'l', Ħ: 'H', ħ: 'h',
  '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u201B': "'", '\u2032': "'", '\u00B4': "'",
  '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u201F': '"', '\u2033': '"', '\u00AB': '"', '\u00BB': '"',
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2015': '-', '\u2212': '-',
  '\u2026': '...', '\u00A0': ' ', '\u2007': ' ', '\u202F': ' ', '\u00B7': '.', '\u2022': '-',
};

/**
 * The plain form of `text`, or undefined when a character has none (a non-Latin script, an emoji, a
 * control character): those the caller reports as errors rather than guessing.
 */
export function transliterate(text: string): string | undefined {
  if (!OUTSIDE_X12.test(text)) return text;
  let out = '';
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (!OUTSIDE_X12.test(c)) {
      out += c;
      continue;
    }
    let plain = TABLE[c] ?? c.normalize('NFKD').replace(COMBINING_MARK, '');
    if ((c === 'ß' || c === 'ẞ') && /\p{Ll}/u.test(chars[i - 1] ?? '') && /\p{Ll}/u.test(chars[i + 1] ?? 'x')) plain = 'ss';
    if (plain === '' || OUTSIDE_X12.test(plain)) return undefined;
    out += plain;
  }
  return out;
}

export interface Transliteration {
  /** JSON path of the field ("$.subscriber.name.last"). */
  field: string;
}

/**
 * True when `v` is plain JSON data (plain objects, plain arrays, primitives) with no free-text field
 * holding a character outside the X12 set: then transliteration would change nothing and its copy would
 * equal `v`. One regex test per free-text string, nothing allocated.
 */
function plainAndBasic(v: unknown, key: string | number | undefined): boolean {
  if (typeof v === 'string') return typeof key !== 'string' || !TEXT_FIELDS.has(key) || !OUTSIDE_X12.test(v);
  if (v === null || typeof v !== 'object') return true;
  const proto = Object.getPrototypeOf(v) as unknown;
  if (Array.isArray(v)) {
    if (proto !== Array.prototype) return false;
    for (let i = 0; i < v.length; i++) if (!plainAndBasic(v[i], i)) return false;
    return true;
  }
  if (proto !== Object.prototype) return false;
  for (const k in v) {
    if (!Object.prototype.hasOwnProperty.call(v, k)) return false;
    if (!plainAndBasic((v as Record<string, unknown>)[k], k)) return false;
  }
  return true;
}

/**
 * A copy of `raw` with every free-text field transliterated, and the paths of the fields that changed.
 * Values that cannot be transliterated are left as they are (the scrubber's NON-ASCII-CHARACTER edit then
 * refuses them); `raw` itself is not modified.
 *
 * Issue 12: almost every claim has nothing to replace, so `raw` is first checked without copying
 * (`plainAndBasic`); when nothing would change, `raw` itself is the value (equal to the copy; nothing
 * downstream modifies it). test/property/transliterate-fast-path.property.test.ts proves the two equal.
 */
export function transliterateText(raw: unknown): { value: unknown; changed: Transliteration[] } {
  if (plainAndBasic(raw, undefined)) return { value: raw, changed: [] };
  return transliterateCopy(raw);
}

/** The slow path: the transliterated copy, field by field (exported for the property test). */
export function transliterateCopy(raw: unknown): { value: unknown; changed: Transliteration[] } {
  const changed: Transliteration[] = [];
  const walk = (v: unknown, path: string, key: string | number | undefined): unknown => {
    if (typeof v === 'string') {
      if (typeof key !== 'string' || !TEXT_FIELDS.has(key) || !OUTSIDE_X12.test(v)) return v;
      const plain = transliterate(v);
      if (plain === undefined) return v;
      changed.push({ field: path });
      return plain;
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${path}[${i}]`, i));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      // defineProperty: a "__proto__" key from JSON.parse stays a plain (unknown, refused) key.
      for (const [k, x] of Object.entries(v)) Object.defineProperty(out, k, { value: walk(x, `${path}.${k}`, k), enumerable: true, writable: true, configurable: true });
      return out;
    }
    return v;
  };
  const value = walk(raw, '$', undefined);
  return { value, changed };
}
