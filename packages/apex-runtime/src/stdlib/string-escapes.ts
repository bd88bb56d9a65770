/**
 * The escape and unescape methods of Apex's String, which the Apex reference ties to Apache
 * Commons Lang's StringEscapeUtils (escapeHtml4, escapeEcmaScript, ...): the same character
 * tables and the same rules for malformed input.
 */

/** HTML 3.2's ISO-8859-1 entities, U+00A0 to U+00FF in order. */
const LATIN1 = (
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn ' +
  'sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave ' +
  'Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ' +
  'ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN ' +
  'szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute ' +
  'icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml ' +
  'yacute thorn yuml'
)
  .split(' ')
  .map((name, i): [string, number] => [name, 0xa0 + i]);

/** HTML 4.0's additional entities (Commons Lang EntityArrays.HTML40_EXTENDED_ESCAPE). */
const HTML40_EXTENDED: [string, number][] = (
  'fnof 402 Alpha 913 Beta 914 Gamma 915 Delta 916 Epsilon 917 Zeta 918 Eta 919 Theta 920 ' +
  'Iota 921 Kappa 922 Lambda 923 Mu 924 Nu 925 Xi 926 Omicron 927 Pi 928 Rho 929 Sigma 931 ' +
  'Tau 932 Upsilon 933 Phi 934 Chi 935 Psi 936 Omega 937 alpha 945 beta 946 gamma 947 delta 948 ' +
  'epsilon 949 zeta 950 eta 951 theta 952 iota 953 kappa 954 lambda 955 mu 956 nu 957 xi 958 ' +
  'omicron 959 pi 960 rho 961 sigmaf 962 sigma 963 tau 964 upsilon 965 phi 966 chi 967 psi 968 ' +
  'omega 969 thetasym 977 upsih 978 piv 982 bull 8226 hellip 8230 prime 8242 Prime 8243 ' +
  'oline 8254 frasl 8260 weierp 8472 image 8465 real 8476 trade 8482 alefsym 8501 larr 8592 ' +
  'uarr 8593 rarr 8594 darr 8595 harr 8596 crarr 8629 lArr 8656 uArr 8657 rArr 8658 dArr 8659 ' +
  'hArr 8660 forall 8704 part 8706 exist 8707 empty 8709 nabla 8711 isin 8712 notin 8713 ' +
  'ni 8715 prod 8719 sum 8721 minus 8722 lowast 8727 radic 8730 prop 8733 infin 8734 ang 8736 ' +
  'and 8743 or 8744 cap 8745 cup 8746 int 8747 there4 8756 sim 8764 cong 8773 asymp 8776 ' +
  'ne 8800 equiv 8801 le 8804 ge 8805 sub 8834 sup 8835 nsub 8836 sube 8838 supe 8839 ' +
  'oplus 8853 otimes 8855 perp 8869 sdot 8901 lceil 8968 rceil 8969 lfloor 8970 rfloor 8971 ' +
  'lang 9001 rang 9002 loz 9674 spades 9824 clubs 9827 hearts 9829 diams 9830 OElig 338 ' +
  'oelig 339 Scaron 352 scaron 353 Yuml 376 circ 710 tilde 732 ensp 8194 emsp 8195 thinsp 8201 ' +
  'zwnj 8204 zwj 8205 lrm 8206 rlm 8207 ndash 8211 mdash 8212 lsquo 8216 rsquo 8217 sbquo 8218 ' +
  'ldquo 8220 rdquo 8221 bdquo 8222 dagger 8224 Dagger 8225 permil 8240 lsaquo 8249 ' +
  'rsaquo 8250 euro 8364'
)
  .split(' ')
  .reduce<[string, number][]>((pairs, token, i, all) => {
    if (i % 2 === 0) pairs.push([token, Number(all[i + 1])]);
    return pairs;
  }, []);

const BASIC: [string, number][] = [
  ['quot', 34],
  ['amp', 38],
  ['lt', 60],
  ['gt', 62]
];

interface EntityTable {
  byChar: Map<string, string>;
  byName: Map<string, string>;
}

function table(entries: [string, number][]): EntityTable {
  const byChar = new Map<string, string>();
  const byName = new Map<string, string>();
  for (const [name, code] of entries) {
    byChar.set(String.fromCharCode(code), `&${name};`);
    byName.set(name, String.fromCharCode(code));
  }
  return { byChar, byName };
}

const HTML3 = table([...BASIC, ...LATIN1]);
const HTML4 = table([...BASIC, ...LATIN1, ...HTML40_EXTENDED]);
const XML = table([...BASIC, ['apos', 39]]);

function escapeWith(s: string, entities: EntityTable): string {
  let out = '';
  for (const c of s) out += entities.byChar.get(c) ?? c;
  return out;
}

/** Named entities of the table and numeric ones (`&#233;`, `&#xE9;`, semicolon required). */
function unescapeWith(s: string, entities: EntityTable): string {
  return s.replace(
    /&(#[xX]([0-9a-fA-F]+)|#([0-9]+)|([A-Za-z][A-Za-z0-9]*));/g,
    (whole, _e, hex, dec, name) => {
      if (name !== undefined) return entities.byName.get(name as string) ?? whole;
      const code = parseInt((hex ?? dec) as string, hex === undefined ? 10 : 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
  );
}

export const escapeHtml3 = (s: string): string => escapeWith(s, HTML3);
export const escapeHtml4 = (s: string): string => escapeWith(s, HTML4);
export const escapeXml = (s: string): string => escapeWith(s, XML);
export const unescapeHtml3 = (s: string): string => unescapeWith(s, HTML3);
export const unescapeHtml4 = (s: string): string => unescapeWith(s, HTML4);
export const unescapeXml = (s: string): string => unescapeWith(s, XML);

const CONTROL_ESCAPES: Record<string, string> = {
  '\b': '\\b',
  '\n': '\\n',
  '\t': '\\t',
  '\f': '\\f',
  '\r': '\\r'
};

const unicodeEscape = (code: number): string =>
  `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Commons' Java and ECMAScript escapers: a lookup table, the control-character escapes, then
 * `\uXXXX` (upper-case hex, surrogates one by one) for anything outside U+0020..U+007F.
 */
function escapeJavaLike(s: string, lookup: Record<string, string>): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    const code = s.charCodeAt(i);
    out += lookup[c] ?? CONTROL_ESCAPES[c] ?? (code < 32 || code > 0x7f ? unicodeEscape(code) : c);
  }
  return out;
}

export const escapeJava = (s: string): string => escapeJavaLike(s, { '"': '\\"', '\\': '\\\\' });

export const escapeEcmaScript = (s: string): string =>
  escapeJavaLike(s, { "'": "\\'", '"': '\\"', '\\': '\\\\', '/': '\\/' });

/** Every char outside printable ASCII as `\uXXXX`. */
export function escapeUnicode(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    out += code < 32 || code > 0x7f ? unicodeEscape(code) : s[i];
  }
  return out;
}

/** Malformed `\u` escapes (Commons throws IllegalArgumentException). */
export class UnicodeEscapeError extends Error {}

/** Commons UnicodeUnescaper at `i` (a backslash): `\u`, more `u`s, an optional `+`, 4 hex digits. */
function unicodeAt(s: string, i: number): [string, number] | null {
  if (s[i + 1] !== 'u') return null;
  let j = i + 1;
  while (s[j] === 'u') j++;
  if (s[j] === '+') j++;
  const hex = s.slice(j, j + 4);
  if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
    throw new UnicodeEscapeError(
      `Less than 4 hex digits in unicode value: '${s.slice(i, j + 4)}' due to end of CharSequence`
    );
  }
  return [String.fromCharCode(parseInt(hex, 16)), j + 4 - i];
}

/** Commons OctalUnescaper: `\` and 1 to 3 octal digits, at most \377. */
function octalAt(s: string, i: number): [string, number] | null {
  const isOctal = (c: string | undefined) => c !== undefined && c >= '0' && c <= '7';
  if (!isOctal(s[i + 1])) return null;
  let end = i + 2;
  if (isOctal(s[i + 2])) {
    end++;
    if (s[i + 1] <= '3' && isOctal(s[i + 3])) end++;
  }
  return [String.fromCharCode(parseInt(s.slice(i + 1, end), 8)), end - i];
}

const JAVA_UNESCAPES: Record<string, string> = {
  b: '\b',
  n: '\n',
  t: '\t',
  f: '\f',
  r: '\r',
  '\\': '\\',
  '"': '"',
  "'": "'"
};

/** Commons unescapeJava (and unescapeEcmaScript): any other backslash is dropped. */
export function unescapeJava(s: string): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    if (s[i] !== '\\') {
      out += s[i++];
      continue;
    }
    const found = octalAt(s, i) ?? unicodeAt(s, i);
    if (found) {
      out += found[0];
      i += found[1];
    } else if (i + 1 < s.length && JAVA_UNESCAPES[s[i + 1]] !== undefined) {
      out += JAVA_UNESCAPES[s[i + 1]];
      i += 2;
    } else {
      i++;
    }
  }
  return out;
}

export function unescapeUnicode(s: string): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    const found = s[i] === '\\' ? unicodeAt(s, i) : null;
    if (found) {
      out += found[0];
      i += found[1];
    } else {
      out += s[i++];
    }
  }
  return out;
}

const CSV_SPECIAL = /[,"\r\n]/;

/** Commons escapeCsv: quoted, with doubled quotes, only when it holds a comma, quote or newline. */
export function escapeCsv(s: string): string {
  return CSV_SPECIAL.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Commons unescapeCsv: a quoted value loses its quotes only when it needed them. */
export function unescapeCsv(s: string): string {
  if (s.length < 2 || s[0] !== '"' || s[s.length - 1] !== '"') return s;
  const inner = s.slice(1, -1);
  return CSV_SPECIAL.test(inner) ? inner.replace(/""/g, '"') : s;
}
