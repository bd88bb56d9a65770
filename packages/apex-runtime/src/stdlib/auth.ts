/**
 * The OAuth 2.0 JWT bearer flow from Apex (Apex Reference: Auth.JWT, Auth.JWS,
 * Auth.JWTBearerTokenExchange).
 *
 * A project keeps certificates in `certs/<Name>.crt` with `<Name>.crt-meta.xml`, but never the
 * private key, so the runtime signs with an RSA key it generates once per run for each declared
 * certificate; `certificatePublicKey` gives tests of the runtime the key to verify with. The
 * token exchange posts through the same seam as Http.send: a test needs Test.setMock, and the
 * callout limit and the uncommitted-work rule apply.
 */
import { type KeyObject, createSign, generateKeyPairSync } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { UnsupportedError } from '../interpreter/errors.ts';
import { NativeClass, type NativeCallContext, T, mapOf } from '../interpreter/types.ts';
import type { ApexMap } from '../interpreter/values.ts';
import type { Project } from '../loader/project.ts';
import { nowMillis } from '../values/datetime.ts';
import { projectFolders } from '../loader/project.ts';
import { HttpRequestValue, type HttpResponseValue, sendCallout } from './http.ts';
import type { Lib } from './lib.ts';

/** Auth.JWT: the claims of a JWT bearer token. */
class JwtValue {
  readonly apexTypeName = 'Auth.JWT';
  iss: string | null = null;
  sub: string | null = null;
  aud: string | null = null;
  /** Seconds; the reference gives 300 as the default validity length. */
  validityLength = 300;
  nbfClockSkew = 0;
  additionalClaims: ApexMap | null = null;
}

class JwsValue {
  readonly apexTypeName = 'Auth.JWS';
  constructor(readonly compact: string) {}
}

class ExchangeValue {
  readonly apexTypeName = 'Auth.JWTBearerTokenExchange';
  tokenEndpoint: string | null = null;
  jws: JwsValue | null = null;
  grantType = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
  response: HttpResponseValue | null = null;
}

/** Keys generated this run, by lowercased certificate name. */
const KEYS = new Map<string, { privateKey: KeyObject; publicKey: KeyObject }>();

function keyOf(name: string): { privateKey: KeyObject; publicKey: KeyObject } {
  let pair = KEYS.get(name.toLowerCase());
  if (!pair) {
    pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    KEYS.set(name.toLowerCase(), pair);
  }
  return pair;
}

/** The public key that verifies what Auth.JWS signed with the named certificate this run. */
export function certificatePublicKey(name: string): KeyObject {
  return keyOf(name).publicKey;
}

const base64url = (data: string | Buffer): string => Buffer.from(data).toString('base64url');

/** Certificates the project declares: `certs/<Name>.crt-meta.xml`. */
function loadCertificates(project: Project): Set<string> {
  const names = new Set<string>();
  for (const dir of projectFolders(project, 'certs'))
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.crt-meta.xml')))
      names.add(file.slice(0, -'.crt-meta.xml'.length).toLowerCase());
  return names;
}

export function installAuth(lib: Lib, project: Project): void {
  const p = lib.platform;
  p.defineNamespacedException('Auth.JWTBearerTokenExchange', 'JWTBearerTokenExchangeException');
  const register = (native: NativeClass): NativeClass => {
    p.natives.set(`auth.${native.name}`.toLowerCase(), native);
    return native;
  };
  const jwt = register(new NativeClass('JWT', (v) => v instanceof JwtValue));
  const jws = register(new NativeClass('JWS', (v) => v instanceof JwsValue));
  const exchange = register(
    new NativeClass('JWTBearerTokenExchange', (v) => v instanceof ExchangeValue)
  );
  installJwt(lib, jwt);
  const certificates = loadCertificates(project);
  const sign = (payload: string, certificate: unknown): JwsValue => {
    const name = lib.need(certificate, 'certDevName') as string;
    if (!certificates.has(name.toLowerCase()))
      throw new UnsupportedError(
        `Auth.JWS with certificate '${name}', which the project does not declare (certs/${name}.crt-meta.xml): the platform's error is not documented`
      );
    // Observed on orgs: the header of a JWS that Apex signs is {"alg":"RS256"}.
    const input = `${base64url('{"alg":"RS256"}')}.${base64url(payload)}`;
    const signature = createSign('RSA-SHA256').update(input).sign(keyOf(name).privateKey);
    return new JwsValue(`${input}.${base64url(signature)}`);
  };
  jws.addConstructor([jwt.type, T.String], (_s, [token, cert], ctx) =>
    sign(toJson(lib, lib.need(token, 'jwt') as JwtValue, ctx), cert)
  );
  jws.addConstructor([T.String, T.String], (_s, [payload, cert]) =>
    sign(lib.need(payload, 'payload') as string, cert)
  );
  jws.addMethod('getCompactSerialization', [], T.String, (self) => (self as JwsValue).compact);
  installExchange(lib, exchange, jws);
}

function installJwt(lib: Lib, native: NativeClass): void {
  const S = T.String;
  const J = (v: unknown) => v as JwtValue;
  native.addConstructor([], () => new JwtValue());
  for (const claim of ['Iss', 'Sub', 'Aud'] as const) {
    const field = claim.toLowerCase() as 'iss' | 'sub' | 'aud';
    native.addMethod(`set${claim}`, [S], T.Void, (self, [v]) => {
      J(self)[field] = v as string | null;
      return null;
    });
    native.addMethod(`get${claim}`, [], S, (self) => J(self)[field]);
  }
  native.addMethod('setValidityLength', [T.Integer], T.Void, (self, [v]) => {
    J(self).validityLength = lib.need(v, 'validityLength') as number;
    return null;
  });
  native.addMethod('getValidityLength', [], T.Integer, (self) => J(self).validityLength);
  native.addMethod('setNbfClockSkew', [T.Integer], T.Void, (self, [v]) => {
    J(self).nbfClockSkew = lib.need(v, 'nbfClockSkew') as number;
    return null;
  });
  native.addMethod('getNbfClockSkew', [], T.Integer, (self) => J(self).nbfClockSkew);
  const claims = mapOf(S, T.Object);
  native.addMethod('setAdditionalClaims', [claims], T.Void, (self, [v]) => {
    J(self).additionalClaims = v as ApexMap | null;
    return null;
  });
  native.addMethod('getAdditionalClaims', [], claims, (self) => J(self).additionalClaims);
  native.addMethod('toJSONString', [], S, (self, _a, ctx) => toJson(lib, J(self), ctx));
  native.addMethod('clone', [], native.type, (self) => Object.assign(new JwtValue(), J(self)));
}

/**
 * The claims set: iss, sub and aud when set, exp (now plus the validity length, in seconds),
 * nbf when a clock skew is set, then the additional claims serialized as JSON.serialize does.
 * The reference documents the claims but not their order.
 */
function toJson(lib: Lib, jwt: JwtValue, ctx: NativeCallContext): string {
  const now = Math.floor(nowMillis() / 1000);
  const parts: string[] = [];
  for (const [name, value] of [
    ['iss', jwt.iss],
    ['sub', jwt.sub],
    ['aud', jwt.aud]
  ] as const)
    if (value !== null) parts.push(`${JSON.stringify(name)}:${JSON.stringify(value)}`);
  parts.push(`"exp":${now + jwt.validityLength}`);
  if (jwt.nbfClockSkew !== 0) parts.push(`"nbf":${now - jwt.nbfClockSkew}`);
  if (jwt.additionalClaims) {
    const serialize = lib
      .native('JSON')
      .statics.get('serialize')!
      .find((m) => m.params.length === 1)!;
    for (const [key, value] of jwt.additionalClaims.entries.values())
      parts.push(`${JSON.stringify(key)}:${serialize.impl(undefined, [value], ctx) as string}`);
  }
  return `{${parts.join(',')}}`;
}

function installExchange(lib: Lib, native: NativeClass, jws: NativeClass): void {
  const S = T.String;
  const X = (v: unknown) => v as ExchangeValue;
  native.addConstructor([], () => new ExchangeValue());
  native.addConstructor([S, jws.type], (_s, [endpoint, token]) => {
    const x = new ExchangeValue();
    x.tokenEndpoint = endpoint as string | null;
    x.jws = token as JwsValue | null;
    return x;
  });
  native.addMethod('setTokenEndpoint', [S], T.Void, (self, [v]) => {
    X(self).tokenEndpoint = v as string | null;
    return null;
  });
  native.addMethod('getTokenEndpoint', [], S, (self) => X(self).tokenEndpoint);
  native.addMethod('setJWS', [jws.type], T.Void, (self, [v]) => {
    X(self).jws = v as JwsValue | null;
    return null;
  });
  native.addMethod('getJWS', [], jws.type, (self) => X(self).jws);
  native.addMethod('setGrantType', [S], T.Void, (self, [v]) => {
    X(self).grantType = lib.need(v, 'grantType') as string;
    return null;
  });
  native.addMethod('getGrantType', [], S, (self) => X(self).grantType);
  const response = lib.native('HttpResponse').type;
  native.addMethod('getHttpResponse', [], response, (self) => post(lib, X(self)));
  native.addMethod('getAccessToken', [], S, (self) => accessToken(lib, X(self)));
}

/** Posts the assertion to the token endpoint once; later calls reuse the response. */
function post(lib: Lib, x: ExchangeValue): HttpResponseValue {
  if (x.response) return x.response;
  const req = new HttpRequestValue();
  req.method = 'POST';
  req.endpoint = lib.need(x.tokenEndpoint, 'tokenEndpoint');
  req.headers.set('Content-Type', 'application/x-www-form-urlencoded');
  const assertion = (lib.need(x.jws, 'jws') as JwsValue).compact;
  req.body = `grant_type=${encodeURIComponent(x.grantType)}&assertion=${assertion}`;
  const res = sendCallout(lib, req);
  if (!res) lib.throwApex('CalloutException', 'The callout mock returned no response');
  x.response = res;
  return res;
}

/**
 * The access_token of a 200 response; any other status throws the exception with the status and
 * the body (observed on orgs: `Error 400: {"error":"invalid_grant",...}`).
 */
function accessToken(lib: Lib, x: ExchangeValue): string | null {
  const res = post(lib, x);
  const body = res.body === null ? '' : Buffer.from(res.body).toString('utf8');
  if (res.statusCode !== 200)
    lib.throwApex(
      'Auth.JWTBearerTokenExchange.JWTBearerTokenExchangeException',
      `Error ${res.statusCode}: ${body}`
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new UnsupportedError(
      'Auth.JWTBearerTokenExchange.getAccessToken() with a response body that is not JSON'
    );
  }
  const token = (parsed as { access_token?: unknown }).access_token;
  return typeof token === 'string' ? token : null;
}
