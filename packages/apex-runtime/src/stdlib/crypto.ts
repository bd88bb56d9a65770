/**
 * System.EncodingUtil and System.Crypto (Apex Reference: EncodingUtil Class, Crypto Class), over
 * node:crypto. Only the documented algorithm names are accepted; anything else, and failures
 * whose Apex exception is not documented, stop the test with an Unsupported error.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { UnsupportedError } from '../interpreter/errors.ts';
import { NativeClass, T, type TypeInfo, typeName } from '../interpreter/types.ts';
import { ApexBlob } from '../interpreter/values.ts';
import type { Lib } from './lib.ts';

const blob = (bytes: Uint8Array): ApexBlob => new ApexBlob(new Uint8Array(bytes));

export function installCrypto(lib: Lib): void {
  installEncoding(lib);
  const crypto = lib.platform.addNative(new NativeClass('Crypto'), 'System');
  installDigests(lib, crypto);
  installAes(lib, crypto);
  crypto.addStatic('getRandomInteger', [], T.Integer, () => randomBytes(4).readInt32BE(0));
  crypto.addStatic('getRandomLong', [], T.Long, () => randomBytes(8).readBigInt64BE(0));
  const S = T.String;
  const B = T.Blob;
  const refused: [string, TypeInfo[], TypeInfo][] = [
    ['sign', [S, B, B], B],
    ['signWithCertificate', [S, B, S], B],
    ['verify', [S, B, B, B], T.Boolean],
    ['verify', [S, B, B, S], T.Boolean],
    ['verifyHMac', [S, B, B, B], T.Boolean]
  ];
  for (const [name, params, returns] of refused) {
    const method = `Crypto.${name}(${params.map(typeName).join(', ')})`;
    crypto.addStatic(name, params, returns, () => {
      throw new UnsupportedError(method);
    });
  }
}

function installEncoding(lib: Lib): void {
  const S = T.String;
  const B = T.Blob;
  const bytes = (b: unknown) => lib.need(b as ApexBlob | null).bytes;
  const text = (v: unknown) => lib.need(v as string | null);
  const encoding = lib.platform.addNative(new NativeClass('EncodingUtil'), 'System');
  encoding.addStatic('convertToHex', [B], S, (_s, [b]) => Buffer.from(bytes(b)).toString('hex'));
  encoding.addStatic('convertFromHex', [S], B, (_s, [h]) => {
    const hex = text(h);
    if (!/^([0-9a-fA-F]{2})*$/.test(hex))
      throw new UnsupportedError(`EncodingUtil.convertFromHex of a non-hex string: ${hex}`);
    return blob(Buffer.from(hex, 'hex'));
  });
  encoding.addStatic('base64Encode', [B], S, (_s, [b]) => Buffer.from(bytes(b)).toString('base64'));
  encoding.addStatic('base64Decode', [S], B, (_s, [t]) => blob(Buffer.from(text(t), 'base64')));
  encoding.addStatic('urlEncode', [S, S], S, (_s, [t, enc]) => {
    utf8Only(text(enc), 'urlEncode');
    return urlEncode(text(t));
  });
  encoding.addStatic('urlDecode', [S, S], S, (_s, [t, enc]) => {
    utf8Only(text(enc), 'urlDecode');
    return urlDecode(text(t));
  });
}

function utf8Only(encoding: string, method: string): void {
  if (!/^utf-?8$/i.test(encoding))
    throw new UnsupportedError(`EncodingUtil.${method} with encoding ${encoding}`);
}

/** java.net.URLEncoder: letters, digits and `.-*_` stay, space is `+`, the rest is %XX of UTF-8. */
function urlEncode(s: string): string {
  return encodeURIComponent(s)
    .replace(/%20/g, '+')
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** java.net.URLDecoder: `+` is a space, %XX are UTF-8 bytes (bad sequences become U+FFFD). */
function urlDecode(s: string): string {
  let out = '';
  let bytes: number[] = [];
  const flush = () => {
    if (bytes.length > 0) out += new TextDecoder().decode(new Uint8Array(bytes));
    bytes = [];
  };
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '%') {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex))
        throw new UnsupportedError(`EncodingUtil.urlDecode of a malformed escape in ${s}`);
      bytes.push(parseInt(hex, 16));
      i += 2;
      continue;
    }
    flush();
    out += s[i] === '+' ? ' ' : s[i];
  }
  flush();
  return out;
}

/** Crypto.generateDigest and generateMac with the documented algorithm names. */
function installDigests(lib: Lib, crypto: NativeClass): void {
  const S = T.String;
  const B = T.Blob;
  const bytes = (b: unknown) => lib.need(b as ApexBlob | null).bytes;
  const digests: Record<string, string> = {
    md5: 'md5',
    sha1: 'sha1',
    'sha-256': 'sha256',
    'sha-512': 'sha512',
    'sha3-256': 'sha3-256',
    'sha3-384': 'sha3-384',
    'sha3-512': 'sha3-512'
  };
  const macs: Record<string, string> = {
    hmacmd5: 'md5',
    hmacsha1: 'sha1',
    hmacsha256: 'sha256',
    hmacsha512: 'sha512'
  };
  const algorithm = (table: Record<string, string>, name: unknown, method: string): string => {
    const given = lib.need(name as string | null);
    const found = table[given.toLowerCase()];
    if (!found) throw new UnsupportedError(`Crypto.${method} with algorithm ${given}`);
    return found;
  };
  crypto.addStatic('generateDigest', [S, B], B, (_s, [algo, input]) =>
    blob(
      createHash(algorithm(digests, algo, 'generateDigest'))
        .update(bytes(input))
        .digest()
    )
  );
  crypto.addStatic('generateMac', [S, B, B], B, (_s, [algo, input, key]) =>
    blob(
      createHmac(algorithm(macs, algo, 'generateMac'), bytes(key))
        .update(bytes(input))
        .digest()
    )
  );
}

/**
 * AES in CBC mode with PKCS5 padding, as the Crypto class documents for AES128/192/256; the
 * managed-IV variants put a random 16-byte IV in front of the cipher text.
 */
function installAes(lib: Lib, crypto: NativeClass): void {
  const S = T.String;
  const B = T.Blob;
  const I = T.Integer;
  const bytes = (b: unknown) => lib.need(b as ApexBlob | null).bytes;
  crypto.addStatic('generateAesKey', [I], B, (_s, [size]) => {
    const bits = lib.need(size as number | null);
    if (![128, 192, 256].includes(bits))
      throw new UnsupportedError(`Crypto.generateAesKey(${bits})`);
    return blob(randomBytes(bits / 8));
  });
  const cipherName = (algo: unknown, key: Uint8Array): string => {
    const name = lib.need(algo as string | null);
    const bits = /^AES(128|192|256)$/i.exec(name)?.[1];
    if (!bits) throw new UnsupportedError(`Crypto AES with algorithm ${name}`);
    // Observed on orgs: System.InvalidParameterValueException: Invalid private key. Must be 16 bytes.
    if (key.length * 8 !== Number(bits))
      lib.throwApex(
        'InvalidParameterValueException',
        `Invalid private key. Must be ${Number(bits) / 8} bytes.`
      );
    return `aes-${bits}-cbc`;
  };
  const checkIv = (iv: Uint8Array): Uint8Array => {
    if (iv.length !== 16)
      lib.throwApex(
        'InvalidParameterValueException',
        'Invalid initialization vector. Must be 16 bytes.'
      );
    return iv;
  };
  const encrypt = (algo: unknown, key: Uint8Array, iv: Uint8Array, data: Uint8Array) => {
    const cipher = createCipheriv(cipherName(algo, key), key, checkIv(iv));
    return Buffer.concat([cipher.update(data), cipher.final()]);
  };
  const decrypt = (algo: unknown, key: Uint8Array, iv: Uint8Array, data: Uint8Array) => {
    const decipher = createDecipheriv(cipherName(algo, key), key, checkIv(iv));
    try {
      return Buffer.concat([decipher.update(data), decipher.final()]);
    } catch (error) {
      throw new UnsupportedError(`Crypto.decrypt failing with "${(error as Error).message}"`);
    }
  };
  crypto.addStatic('encrypt', [S, B, B, B], B, (_s, [algo, key, iv, data]) =>
    blob(encrypt(algo, bytes(key), bytes(iv), bytes(data)))
  );
  crypto.addStatic('decrypt', [S, B, B, B], B, (_s, [algo, key, iv, data]) =>
    blob(decrypt(algo, bytes(key), bytes(iv), bytes(data)))
  );
  crypto.addStatic('encryptWithManagedIV', [S, B, B], B, (_s, [algo, key, data]) => {
    const iv = randomBytes(16);
    return blob(Buffer.concat([iv, encrypt(algo, bytes(key), iv, bytes(data))]));
  });
  crypto.addStatic('decryptWithManagedIV', [S, B, B], B, (_s, [algo, key, data]) => {
    const all = bytes(data);
    return blob(decrypt(algo, bytes(key), all.slice(0, 16), all.slice(16)));
  });
}
