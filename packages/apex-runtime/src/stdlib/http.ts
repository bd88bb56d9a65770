/**
 * HTTP callouts and Apex REST (Apex Reference: Http, HttpRequest, HttpResponse, HttpCalloutMock,
 * StaticResourceCalloutMock, MultiStaticResourceCalloutMock, RestContext, RestRequest,
 * RestResponse; Apex Developer Guide: Testing HTTP Callouts, Callout Limits and Limitations,
 * Exposing Apex Classes as REST Web Services).
 *
 * Tests never reach the network: `Http.send` hands the request to the mock registered with
 * `Test.setMock`, after the platform's checks (pending DML, the callout limit). The endpoint
 * reaches the mock as written, `callout:` named credentials included, as on the platform.
 * `invokeRest` runs a `@RestResource` class the way the platform's REST endpoint does, for the
 * runtime's own tests and a local server.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../engine.ts';
import { ApexThrow, UnsupportedError } from '../interpreter/errors.ts';
import { type Platform, addPlatformMethod } from '../interpreter/platform.ts';
import type { Runtime } from '../interpreter/runtime.ts';
import { isInstance } from '../interpreter/semantics.ts';
import {
  ClassInfo,
  type FieldInfo,
  type MethodInfo,
  NativeClass,
  type NativeCallContext,
  T,
  type TypeInfo,
  listOf,
  mapOf,
  typeName
} from '../interpreter/types.ts';
import { ApexBlob, ApexMap, ApexObject, ApexType } from '../interpreter/values.ts';
import { type Project, projectFolders } from '../loader/project.ts';
import type { Lib } from './lib.ts';
import {
  calloutFailureMessage,
  performCallout,
  type WireRequest,
  type WireResponse
} from '../local/callout.ts';

// ---------------------------------------------------------------------------------- the project

interface StaticResource {
  name: string;
  /** The content file, or the folder of an expanded archive. */
  path: string;
}

/** A named credential as a callout uses it. */
interface CalloutCredential {
  name: string;
  endpoint: string;
  /** Whether the platform adds an Authorization header it generates (SecuredEndpoint, legacy auth). */
  generatesAuthorization: boolean;
}

/** Static resources and named credentials of the project, by lowercased name. */
export interface HttpResources {
  staticResources: Map<string, StaticResource>;
  namedCredentials: Map<string, CalloutCredential>;
}

/**
 * Reads `staticresources/<Name>.resource-meta.xml` with its content (`<Name>.<ext>`, or a
 * `<Name>/` folder for an archive) and `namedCredentials/<Name>.namedCredential-meta.xml`.
 */
export function loadHttpResources(project: Project): HttpResources {
  const staticResources = new Map<string, StaticResource>();
  for (const dir of projectFolders(project, 'staticresources')) {
    const entries = readdirSync(dir);
    for (const meta of entries.filter((e) => e.endsWith('.resource-meta.xml'))) {
      const name = meta.slice(0, -'.resource-meta.xml'.length);
      const content = entries.find(
        (e) => e !== meta && (e === name || (e.startsWith(`${name}.`) && !e.endsWith('-meta.xml')))
      );
      if (content) staticResources.set(name.toLowerCase(), { name, path: join(dir, content) });
    }
  }
  const namedCredentials = new Map<string, CalloutCredential>();
  for (const { name, endpoint, generatesAuthorization } of readNamedCredentials(project)) {
    if (endpoint !== null)
      namedCredentials.set(name.toLowerCase(), { name, endpoint, generatesAuthorization });
  }
  return { staticResources, namedCredentials };
}

/** A named credential of the project, as the NamedCredential object shows it. */
export interface NamedCredentialMetadata {
  /** The file name: the credential's DeveloperName. */
  name: string;
  label: string;
  /** The callout URL, or null when the file gives none. */
  endpoint: string | null;
  /** A legacy credential's `<principalType>` (Anonymous, PerUser, NamedUser); else null. */
  principalType: string | null;
  /**
   * Whether callouts through it carry an Authorization header the platform generates: a
   * SecuredEndpoint credential unless `<generateAuthorizationHeader>` is false, or a legacy one
   * whose `<protocol>` authenticates.
   */
  generatesAuthorization: boolean;
}

/** An external credential of the project, as the ExternalCredential object shows it. */
export interface ExternalCredentialMetadata {
  name: string;
  label: string;
  authenticationProtocol: string | null;
  description: string | null;
}

/** `namedCredentials/<Name>.namedCredential-meta.xml` in every package directory, by name. */
export function readNamedCredentials(project: Project): NamedCredentialMetadata[] {
  return readMetadataFiles(project, 'namedCredentials', '.namedCredential-meta.xml').map(
    ({ name, xml }) => {
      const top = topLevel(xml);
      const secured = element(top, 'namedCredentialType') === 'SecuredEndpoint';
      const protocol = element(top, 'protocol');
      return {
        name,
        label: element(top, 'label') ?? name,
        endpoint: namedCredentialUrl(xml),
        principalType: element(top, 'principalType'),
        generatesAuthorization: secured
          ? element(top, 'generateAuthorizationHeader') !== 'false'
          : protocol !== null && protocol !== 'NoAuthentication'
      };
    }
  );
}

/** `externalCredentials/<Name>.externalCredential-meta.xml` in every package directory, by name. */
export function readExternalCredentials(project: Project): ExternalCredentialMetadata[] {
  return readMetadataFiles(project, 'externalCredentials', '.externalCredential-meta.xml').map(
    ({ name, xml }) => {
      const top = topLevel(xml);
      // `masterLabel` before API version 56.0, `label` since.
      return {
        name,
        label: element(top, 'label') ?? element(top, 'masterLabel') ?? name,
        authenticationProtocol: element(top, 'authenticationProtocol'),
        description: element(top, 'description')
      };
    }
  );
}

function readMetadataFiles(
  project: Project,
  folder: string,
  suffix: string
): { name: string; xml: string }[] {
  const files: { name: string; xml: string }[] = [];
  for (const dir of projectFolders(project, folder)) {
    for (const file of readdirSync(dir).filter((e) => e.endsWith(suffix))) {
      files.push({
        name: file.slice(0, -suffix.length),
        xml: readFileSync(join(dir, file), 'utf8')
      });
    }
  }
  return files.sort((a, b) => a.name.localeCompare(b.name));
}

/** The XML without its repeated parameter blocks, so only top-level elements match. */
function topLevel(xml: string): string {
  return xml.replace(/<(\w+Parameters)>[\s\S]*?<\/\1>/g, '');
}

/** The text of the first `<tag>`, or null. */
function element(xml: string, tag: string): string | null {
  const match = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml);
  return match ? decodeXml(match[1].trim()) : null;
}

/** The URL of a named credential: `<endpoint>` (legacy) or its `Url` parameter. */
function namedCredentialUrl(xml: string): string | null {
  const legacy = element(topLevel(xml), 'endpoint');
  if (legacy !== null) return legacy;
  for (const block of xml.match(
    /<namedCredentialParameters>[\s\S]*?<\/namedCredentialParameters>/g
  ) ?? []) {
    if (/<parameterType>Url<\/parameterType>/.test(block)) {
      const value = /<parameterValue>([^<]*)<\/parameterValue>/.exec(block);
      if (value) return decodeXml(value[1].trim());
    }
  }
  return null;
}

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/**
 * The URL a callout to `endpoint` goes to: `callout:Name/path` resolves against the project's
 * named credentials (Apex Developer Guide, Named Credentials as Callout Endpoints). Used where
 * the runtime makes real callouts; mocked callouts in tests see the endpoint as written.
 */
export function resolveEndpoint(engine: Engine, endpoint: string): string {
  return resolveCallout(stateOf(engine.runtime.platform), engine.runtime, endpoint).url;
}

/**
 * The URL of a callout and the credential it goes through. A local org's endpoint overrides
 * (`setEndpointOverrides`) replace a credential's URL from its metadata.
 */
function resolveCallout(
  state: HttpState,
  rt: Runtime,
  endpoint: string
): { url: string; credential: CalloutCredential | null } {
  const match = /^callout:([^/?]+)(.*)$/s.exec(endpoint);
  if (!match) return { url: endpoint, credential: null };
  const key = match[1].toLowerCase();
  const credential = state.resources.namedCredentials.get(key);
  if (!credential) {
    // Observed on orgs for a callout to a named credential that does not exist.
    return rt.throwApex(
      'CalloutException',
      `The callout couldn't access the endpoint. You might not have the required permissions, or the named credential "${match[1]}" might not exist.`
    );
  }
  const base = state.endpointOverrides.get(key) ?? credential.endpoint;
  return { url: base.replace(/\/$/, '') + match[2], credential };
}

/**
 * Maps named credentials to other base URLs for one engine (a local org's endpoints file:
 * `{ "Example_ERP": "http://127.0.0.1:8787" }`). Names are case-insensitive; a name the project
 * has no named credential for is refused, so a typo in the file is caught.
 */
export function setEndpointOverrides(engine: Engine, overrides: Record<string, string>): void {
  const state = stateOf(engine.runtime.platform);
  const map = new Map<string, string>();
  for (const [name, url] of Object.entries(overrides)) {
    if (!state.resources.namedCredentials.has(name.toLowerCase()))
      throw new Error(
        `The endpoint mapping names "${name}", but the project has no named credential with that name and a URL: fix the name or add the credential.`
      );
    if (!/^https?:\/\/[^/]+/.test(url))
      throw new Error(
        `The endpoint mapping gives "${name}" the URL "${url}": write an http:// or https:// URL such as http://127.0.0.1:8787.`
      );
    map.set(name.toLowerCase(), url);
  }
  state.endpointOverrides = map;
}

/** Performs a real callout (default: over HTTP from a worker thread). */
export type CalloutTransport = (request: WireRequest) => WireResponse;

/** Replaces how one engine's real callouts go out (a local org wraps it to report callouts). */
export function setCalloutTransport(engine: Engine, transport: CalloutTransport): void {
  stateOf(engine.runtime.platform).transport = transport;
}

/**
 * The Authorization header a local org sends where the platform would generate one from an
 * External Credential. No authentication is performed locally; the placeholder only shows the
 * receiving server where the header would be.
 */
export const LOCAL_AUTHORIZATION = 'Bearer local-org-placeholder';

// ------------------------------------------------------------------------ requests and responses

type Body = string | Uint8Array | null;

function bodyText(body: Body): string | null {
  return body instanceof Uint8Array ? Buffer.from(body).toString('utf8') : body;
}

function bodyBlob(body: Body): ApexBlob | null {
  if (body === null) return null;
  return new ApexBlob(
    body instanceof Uint8Array ? body : new Uint8Array(Buffer.from(body, 'utf8'))
  );
}

/** A System.HttpRequest. */
export class HttpRequestValue {
  readonly apexTypeName = 'System.HttpRequest';
  method: string | null = null;
  endpoint: string | null = null;
  readonly headers = new Map<string, string | null>();
  body: Body = null;
  compressed = false;
  /** Milliseconds; the platform's default is 10 seconds (Callout Limits and Limitations). */
  timeout = 10000;

  apexToString(): string {
    return `System.HttpRequest[Endpoint=${String(this.endpoint)}, Method=${String(this.method)}]`;
  }
}

/** A System.HttpResponse: the statusCode of a new one is 0, its status null. */
export class HttpResponseValue {
  readonly apexTypeName = 'System.HttpResponse';
  statusCode = 0;
  status: string | null = null;
  readonly headers = new Map<string, string | null>();
  body: Body = null;

  apexToString(): string {
    return `System.HttpResponse[Status=${String(this.status)}, StatusCode=${this.statusCode}]`;
  }
}

class HttpValue {
  readonly apexTypeName = 'System.Http';
  apexToString(): string {
    return 'System.Http';
  }
}

/** Callout-wide state of one engine: the project's resources and the mock of the current test. */
interface HttpState {
  resources: HttpResources;
  mockEpoch: number;
  mock: ApexObject | null;
  restRequest: ClassInfo;
  restResponse: ClassInfo;
  restContext: ClassInfo;
  /** Named credential (lowercased) to base URL, for a local org. */
  endpointOverrides: Map<string, string>;
  transport: CalloutTransport;
}

const STATES = new WeakMap<Platform, HttpState>();

function stateOf(platform: Platform): HttpState {
  const state = STATES.get(platform);
  if (!state) throw new Error('installHttp has not run for this engine');
  return state;
}

export function installHttp(lib: Lib, project: Project): void {
  const p = lib.platform;
  const request = p.addNative(
    new NativeClass('HttpRequest', (v) => v instanceof HttpRequestValue),
    'System'
  );
  const response = p.addNative(
    new NativeClass('HttpResponse', (v) => v instanceof HttpResponseValue),
    'System'
  );
  const http = p.addNative(new NativeClass('Http', (v) => v instanceof HttpValue), 'System');
  installRequest(lib, request);
  installResponse(lib, response);
  const mockInterface = p.addInterface('HttpCalloutMock', 'System', [
    { name: 'respond', params: [['request', request.type]], returns: response.type }
  ]);
  const rest = installRest(lib);
  const state: HttpState = {
    resources: loadHttpResources(project),
    mockEpoch: -1,
    mock: null,
    ...rest,
    endpointOverrides: new Map(),
    transport: performCallout
  };
  STATES.set(p, state);
  installStaticResourceMocks(lib, state, mockInterface, request, response);

  http.addConstructor([], () => new HttpValue());
  http.addMethod('send', [request.type], response.type, (_s, [req]) =>
    send(lib, state, lib.need(req, 'request') as HttpRequestValue)
  );
  http.addMethod('toString', [], T.String, () => 'System.Http');

  const typeType = lib.native('Type').type;
  lib.native('Test').addStatic('setMock', [typeType, T.Object], T.Void, (_s, [t, mock]) => {
    const iface = (lib.need(t, 'interfaceType') as ApexType).type;
    if (iface.kind !== 'class' || iface.cls !== mockInterface)
      throw new UnsupportedError(`Test.setMock(${typeName(iface)}.class, Object)`);
    if (!isInstance(lib.need(mock, 'instance'), mockInterface.type))
      throw new UnsupportedError(
        'Test.setMock(HttpCalloutMock.class, Object) with an object that is no HttpCalloutMock'
      );
    state.mockEpoch = lib.rt.epoch;
    state.mock = mock as ApexObject;
    return null;
  });
}

/**
 * Http.send: no callout after DML in the same transaction, and each callout counts against the
 * limit of 100 (Apex Developer Guide, Callout Limits and Limitations). In a test a mock must be
 * set (Testing HTTP Callouts); outside tests (a local org) the request goes over the network.
 */
function send(lib: Lib, state: HttpState, req: HttpRequestValue): unknown {
  const rt = lib.rt;
  if (rt.data.db.uncommittedWork)
    lib.throwApex(
      'CalloutException',
      'You have uncommitted work pending. Please commit or rollback before calling out'
    );
  if (!rt.testMode) return sendForReal(lib, state, req);
  const mock = state.mockEpoch === rt.epoch ? state.mock : null;
  if (!mock)
    lib.throwApex(
      'CalloutException',
      'Methods defined as TestMethod do not support Web service callouts'
    );
  rt.data.limits.charge('callouts');
  return rt.callMethod(mock, 'respond', [req]);
}

/**
 * A real callout: the endpoint resolved through the named credentials (and the local endpoint
 * mapping), the request's headers, body and timeout, and the response's status, headers and
 * body as received. The time spent waiting is not CPU time, as on the platform.
 */
function sendForReal(lib: Lib, state: HttpState, req: HttpRequestValue): HttpResponseValue {
  const rt = lib.rt;
  if (req.endpoint === null) throw new UnsupportedError('Http.send(HttpRequest) with no endpoint');
  if (req.method === null) throw new UnsupportedError('Http.send(HttpRequest) with no method');
  if (req.compressed)
    throw new UnsupportedError('Http.send(HttpRequest) of a compressed request outside tests');
  rt.data.limits.charge('callouts');
  const { url, credential } = resolveCallout(state, rt, req.endpoint);
  const headers: Record<string, string> = {};
  for (const [k, v] of req.headers) if (v !== null) headers[k] = v;
  const hasAuthorization = Object.keys(headers).some((k) => k.toLowerCase() === 'authorization');
  if (credential?.generatesAuthorization && !hasAuthorization)
    headers.Authorization = LOCAL_AUTHORIZATION;
  const body = req.body === null ? null : Buffer.from(req.body).toString('base64');
  const started = performance.now();
  const result = state.transport({
    method: req.method,
    url,
    headers,
    bodyBase64: body,
    timeoutMs: req.timeout
  });
  rt.data.limits.excludeWait(performance.now() - started);
  if (result.kind === 'error')
    return lib.throwApex('CalloutException', calloutFailureMessage(result.code, url));
  const res = new HttpResponseValue();
  res.statusCode = result.status;
  res.status = result.statusText;
  for (const [k, v] of result.headers) {
    const previous = res.headers.get(k);
    res.headers.set(k, previous === undefined || previous === null ? v : `${previous}, ${v}`);
  }
  res.body = new Uint8Array(Buffer.from(result.bodyBase64, 'base64'));
  return res;
}

/**
 * Sends a request through the same checks and mock as Http.send, for platform classes that call
 * out themselves (Auth.JWTBearerTokenExchange).
 */
export function sendCallout(lib: Lib, req: HttpRequestValue): HttpResponseValue | null {
  return send(lib, stateOf(lib.platform), req) as HttpResponseValue | null;
}

function installRequest(lib: Lib, native: NativeClass): void {
  const R = (v: unknown) => v as HttpRequestValue;
  const S = T.String;
  native.addConstructor([], () => new HttpRequestValue());
  native.addMethod('setMethod', [S], T.Void, (r, [m]) => {
    R(r).method = m as string | null;
    return null;
  });
  native.addMethod('getMethod', [], S, (r) => R(r).method);
  native.addMethod('setEndpoint', [S], T.Void, (r, [e]) => {
    R(r).endpoint = e as string | null;
    return null;
  });
  native.addMethod('getEndpoint', [], S, (r) => R(r).endpoint);
  native.addMethod('setHeader', [S, S], T.Void, (r, [k, v]) => {
    R(r).headers.set(lib.need(k, 'key') as string, v as string | null);
    return null;
  });
  native.addMethod('getHeader', [S], S, (r, [k]) => R(r).headers.get(k as string) ?? null);
  native.addMethod('setBody', [S], T.Void, (r, [b]) => {
    R(r).body = b as string | null;
    return null;
  });
  native.addMethod('getBody', [], S, (r) => bodyText(R(r).body));
  native.addMethod('setBodyAsBlob', [T.Blob], T.Void, (r, [b]) => {
    R(r).body = b === null ? null : (b as ApexBlob).bytes;
    return null;
  });
  native.addMethod('getBodyAsBlob', [], T.Blob, (r) => bodyBlob(R(r).body));
  native.addMethod('setCompressed', [T.Boolean], T.Void, (r, [c]) => {
    R(r).compressed = c === true;
    return null;
  });
  native.addMethod('getCompressed', [], T.Boolean, (r) => R(r).compressed);
  native.addMethod('setTimeout', [T.Integer], T.Void, (r, [t]) => {
    const ms = lib.need(t, 'timeout') as number;
    // The limits are documented (1 to 120,000 ms); the error for other values is not.
    if (ms < 1 || ms > 120000)
      throw new UnsupportedError(`HttpRequest.setTimeout(Integer) with ${ms}, outside 1..120000`);
    R(r).timeout = ms;
    return null;
  });
  native.addMethod('setClientCertificateName', [S], T.Void, () => {
    throw new UnsupportedError('HttpRequest.setClientCertificateName(String)');
  });
  native.addMethod('setClientCertificate', [S, S], T.Void, () => {
    throw new UnsupportedError('HttpRequest.setClientCertificate(String, String)');
  });
  native.addMethod('toString', [], S, (r) => R(r).apexToString());
}

function installResponse(lib: Lib, native: NativeClass): void {
  const R = (v: unknown) => v as HttpResponseValue;
  const S = T.String;
  native.addConstructor([], () => new HttpResponseValue());
  native.addMethod('setStatusCode', [T.Integer], T.Void, (r, [c]) => {
    R(r).statusCode = lib.need(c, 'statusCode') as number;
    return null;
  });
  native.addMethod('getStatusCode', [], T.Integer, (r) => R(r).statusCode);
  native.addMethod('setStatus', [S], T.Void, (r, [s]) => {
    R(r).status = s as string | null;
    return null;
  });
  native.addMethod('getStatus', [], S, (r) => R(r).status);
  native.addMethod('setHeader', [S, S], T.Void, (r, [k, v]) => {
    R(r).headers.set(lib.need(k, 'key') as string, v as string | null);
    return null;
  });
  native.addMethod('getHeader', [S], S, (r, [k]) => R(r).headers.get(k as string) ?? null);
  native.addMethod('getHeaderKeys', [], listOf(S), (r) => lib.list(S, [...R(r).headers.keys()]));
  native.addMethod('setBody', [S], T.Void, (r, [b]) => {
    R(r).body = b as string | null;
    return null;
  });
  native.addMethod('getBody', [], S, (r) => bodyText(R(r).body));
  native.addMethod('setBodyAsBlob', [T.Blob], T.Void, (r, [b]) => {
    R(r).body = b === null ? null : (b as ApexBlob).bytes;
    return null;
  });
  native.addMethod('getBodyAsBlob', [], T.Blob, (r) => bodyBlob(R(r).body));
  native.addMethod('getXmlStreamReader', [], T.Object, () => {
    throw new UnsupportedError('HttpResponse.getXmlStreamReader()');
  });
  native.addMethod('toString', [], S, (r) => R(r).apexToString());
}

// ------------------------------------------------------------------------ static resource mocks

/** What a StaticResourceCalloutMock or MultiStaticResourceCalloutMock answers with. */
interface ResourceMock {
  resource: string | null;
  byEndpoint: Map<string, string>;
  statusCode: number;
  status: string | null;
  headers: Map<string, string | null>;
}

/** A platform class written as a project-style class, so it can implement HttpCalloutMock. */
function platformClass(lib: Lib, name: string): ClassInfo {
  const cls = new ClassInfo(name, 'class', null, null, null);
  lib.platform.classes.set(name.toLowerCase(), cls);
  lib.platform.classes.set(`system.${name.toLowerCase()}`, cls);
  return cls;
}

function addMethod(
  cls: ClassInfo,
  name: string,
  params: TypeInfo[],
  returnType: TypeInfo,
  invoke: (self: ApexObject, args: unknown[]) => unknown
): void {
  addPlatformMethod(cls, {
    name,
    params: params.map((type, i) => ({ name: `p${i}`, type })),
    returnType,
    isAbstract: false,
    isVirtual: false,
    visibility: 'global',
    traceName: `System.${cls.name}.${name}`,
    invoke: (self, args) => invoke(self as ApexObject, args)
  });
}

function installStaticResourceMocks(
  lib: Lib,
  state: HttpState,
  mockInterface: ClassInfo,
  request: NativeClass,
  response: NativeClass
): void {
  const mocks = new WeakMap<ApexObject, ResourceMock>();
  const of = (self: ApexObject) => mocks.get(self)!;
  for (const name of ['StaticResourceCalloutMock', 'MultiStaticResourceCalloutMock']) {
    const cls = platformClass(lib, name);
    cls.interfaces = [mockInterface];
    cls.instanceInit = (self) => {
      mocks.set(self as ApexObject, {
        resource: null,
        byEndpoint: new Map(),
        statusCode: 0,
        status: null,
        headers: new Map()
      });
    };
    const S = T.String;
    if (name === 'StaticResourceCalloutMock') {
      addMethod(cls, 'setStaticResource', [S], T.Void, (self, [r]) => {
        of(self).resource = r as string | null;
        return null;
      });
    } else {
      addMethod(cls, 'setStaticResource', [S, S], T.Void, (self, [endpoint, r]) => {
        of(self).byEndpoint.set(lib.need(endpoint, 'endpoint') as string, r as string);
        return null;
      });
    }
    addMethod(cls, 'setStatusCode', [T.Integer], T.Void, (self, [c]) => {
      of(self).statusCode = lib.need(c, 'statusCode') as number;
      return null;
    });
    addMethod(cls, 'setStatus', [S], T.Void, (self, [s]) => {
      of(self).status = s as string | null;
      return null;
    });
    addMethod(cls, 'setHeader', [S, S], T.Void, (self, [k, v]) => {
      of(self).headers.set(lib.need(k, 'key') as string, v as string | null);
      return null;
    });
    addMethod(cls, 'respond', [request.type], response.type, (self, [req]) =>
      respondFromResource(state, name, of(self), req as HttpRequestValue)
    );
  }
}

/** The mock's response: the static resource's content as body, with its status and headers. */
function respondFromResource(
  state: HttpState,
  mockName: string,
  mock: ResourceMock,
  req: HttpRequestValue
): HttpResponseValue {
  const name =
    mockName === 'StaticResourceCalloutMock'
      ? mock.resource
      : (mock.byEndpoint.get(req.endpoint ?? '') ?? null);
  if (name === null) {
    throw new UnsupportedError(
      mockName === 'StaticResourceCalloutMock'
        ? 'StaticResourceCalloutMock.respond with no static resource set'
        : `MultiStaticResourceCalloutMock.respond for endpoint ${String(req.endpoint)}, which has no static resource`
    );
  }
  const resource = state.resources.staticResources.get(name.toLowerCase());
  if (!resource)
    throw new UnsupportedError(`${mockName}: the project has no static resource named ${name}`);
  if (statSync(resource.path).isDirectory())
    throw new UnsupportedError(`${mockName} with the archive static resource ${resource.name}`);
  const res = new HttpResponseValue();
  res.body = new Uint8Array(readFileSync(resource.path));
  res.statusCode = mock.statusCode;
  res.status = mock.status;
  for (const [k, v] of mock.headers) res.headers.set(k, v);
  return res;
}

// ------------------------------------------------------------------------------------ Apex REST

function addField(cls: ClassInfo, name: string, type: TypeInfo, isStatic: boolean): FieldInfo {
  const field: FieldInfo = {
    name,
    type,
    isStatic,
    isFinal: false,
    slot: isStatic ? cls.staticSlotCount++ : cls.instanceSlotCount++,
    owner: cls,
    visibility: 'global',
    getter: null,
    setter: null,
    isProperty: true,
    testVisible: false,
    decl: null,
    declarator: null
  };
  (isStatic ? cls.staticFields : cls.instanceFields).set(name.toLowerCase(), field);
  return field;
}

/** RestRequest, RestResponse and RestContext, with the properties the Apex Reference lists. */
function installRest(lib: Lib): Pick<HttpState, 'restRequest' | 'restResponse' | 'restContext'> {
  const S = T.String;
  const stringMap = mapOf(S, S);
  const restRequest = platformClass(lib, 'RestRequest');
  const headers = addField(restRequest, 'headers', stringMap, false);
  addField(restRequest, 'httpMethod', S, false);
  const params = addField(restRequest, 'params', stringMap, false);
  addField(restRequest, 'remoteAddress', S, false);
  addField(restRequest, 'requestBody', T.Blob, false);
  addField(restRequest, 'requestURI', S, false);
  addField(restRequest, 'resourcePath', S, false);
  restRequest.instanceInit = (self) => {
    const o = self as ApexObject;
    o.fields[headers.slot] = lib.map(S, S);
    o.fields[params.slot] = lib.map(S, S);
  };
  const put = (field: FieldInfo) => (self: ApexObject, args: unknown[]) => {
    const map = self.fields[field.slot] as ApexMap | null;
    if (map === null)
      lib.throwApex('NullPointerException', 'Attempt to de-reference a null object');
    map.put(args[0], args[1]);
    return null;
  };
  addMethod(
    restRequest,
    'addHeader',
    [S, S],
    T.Void,
    restrictedHeaders('RestRequest', put(headers))
  );
  addMethod(restRequest, 'addParameter', [S, S], T.Void, put(params));

  const restResponse = platformClass(lib, 'RestResponse');
  const responseHeaders = addField(restResponse, 'headers', stringMap, false);
  addField(restResponse, 'responseBody', T.Blob, false);
  addField(restResponse, 'statusCode', T.Integer, false);
  restResponse.instanceInit = (self) => {
    (self as ApexObject).fields[responseHeaders.slot] = lib.map(S, S);
  };
  addMethod(
    restResponse,
    'addHeader',
    [S, S],
    T.Void,
    restrictedHeaders('RestResponse', put(responseHeaders))
  );

  const restContext = platformClass(lib, 'RestContext');
  addField(restContext, 'request', restRequest.type, true);
  addField(restContext, 'response', restResponse.type, true);
  return { restRequest, restResponse, restContext };
}

/** Headers the Apex Reference says addHeader refuses (with an exception it does not name). */
const RESTRICTED = new Set([
  'cookie',
  'set-cookie',
  'set-cookie2',
  'content-length',
  'authorization'
]);

function restrictedHeaders(
  owner: string,
  add: (self: ApexObject, args: unknown[]) => unknown
): (self: ApexObject, args: unknown[]) => unknown {
  return (self, args) => {
    const name = args[0];
    if (typeof name === 'string' && RESTRICTED.has(name.toLowerCase()))
      throw new UnsupportedError(
        `${owner}.addHeader(String, String) with the restricted header ${name}`
      );
    return add(self, args);
  };
}

/** An HTTP request to the org's Apex REST endpoint (`/services/apexrest/...`). */
export interface RestCall {
  method: string;
  /** `/services/apexrest/x/y?a=1` or `/x/y?a=1`. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
  remoteAddress?: string;
  /** The user making the request (default: the test user, a System Administrator). */
  userId?: string;
}

export interface RestResult {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const HTTP_ANNOTATIONS: Record<string, string> = {
  GET: 'httpget',
  POST: 'httppost',
  PUT: 'httpput',
  PATCH: 'httppatch',
  DELETE: 'httpdelete'
};

const JSON_TYPE = 'application/json;charset=UTF-8';

function errorResult(status: number, errorCode: string, message: string): RestResult {
  return {
    status,
    headers: { 'Content-Type': JSON_TYPE },
    body: JSON.stringify([{ errorCode, message }])
  };
}

/** `@RestResource(urlMapping=...)` classes and their mappings. */
function restResources(engine: Engine): { cls: ClassInfo; mapping: string }[] {
  const found: { cls: ClassInfo; mapping: string }[] = [];
  for (const cls of engine.table.topLevel.values()) {
    const annotation = cls.decl?.modifiers.annotations.find(
      (a) => a.name.toLowerCase() === 'restresource'
    );
    const mapping = annotation?.params.urlmapping;
    if (mapping) found.push({ cls, mapping });
  }
  return found;
}

/**
 * The resource a path selects: an exact mapping first, else the most specific wildcard one.
 * Mappings are case-sensitive and `*` matches any characters (Apex Developer Guide,
 * RestResource Annotation).
 */
function matchResource(
  resources: { cls: ClassInfo; mapping: string }[],
  path: string
): { cls: ClassInfo; mapping: string } | undefined {
  const exact = resources.find((r) => r.mapping === path);
  if (exact) return exact;
  const matching = resources.filter((r) => {
    const pattern = r.mapping
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    return new RegExp(`^${pattern}$`, 's').test(path);
  });
  return matching.sort((a, b) => b.mapping.length - a.mapping.length)[0];
}

/**
 * Runs a request against the project's `@RestResource` classes as the platform's Apex REST
 * endpoint does: a fresh transaction, RestContext.request and .response set, the `@Http<Method>`
 * method called with its parameters bound by name from a JSON body, a non-void result serialized
 * as JSON, and an uncaught exception turned into a 500 `APEX_ERROR`.
 */
export function invokeRest(engine: Engine, call: RestCall): RestResult {
  const state = stateOf(engine.runtime.platform);
  const method = call.method.toUpperCase();
  const [rawPath, query = ''] = call.path
    .replace(/^\/services\/apexrest(?=\/|$)/, '')
    .split(/\?(.*)/s);
  const path = decodeURIComponent(rawPath || '/');
  const resource = matchResource(restResources(engine), path);
  if (!resource) return errorResult(404, 'NOT_FOUND', 'Could not find a match for URL');
  const userId = call.userId ?? engine.runtime.data.db.actor.userId;
  // The caller needs access to the class, from Author Apex or a class access of its profile or
  // permission sets (Apex Developer Guide, Apex REST: "Class Security"); as orgs answer it.
  if (!engine.runtime.data.security.of(userId).canRunClass(resource.cls.name))
    return errorResult(
      403,
      'FORBIDDEN',
      `You do not have access to the Apex class named: ${resource.cls.name}`
    );
  const handlers = [...resource.cls.methods.values()]
    .flat()
    .filter(
      (m) =>
        m.isStatic &&
        m.annotations.some((a) => Object.values(HTTP_ANNOTATIONS).includes(a.name.toLowerCase()))
    );
  const handler = handlers.find((m) =>
    m.annotations.some((a) => a.name.toLowerCase() === HTTP_ANNOTATIONS[method])
  );
  if (!handler) {
    const allowed = handlers.map((m) =>
      Object.keys(HTTP_ANNOTATIONS).find((k) =>
        m.annotations.some((a) => a.name.toLowerCase() === HTTP_ANNOTATIONS[k])
      )
    );
    return errorResult(
      405,
      'METHOD_NOT_ALLOWED',
      `HTTP Method '${method}' not allowed. Allowed are ${allowed.join(',')}`
    );
  }
  const rt = engine.runtime;
  beginTransaction(engine);
  const req = newPlatformObject(engine, state.restRequest);
  const res = newPlatformObject(engine, state.restResponse);
  setField(state.restRequest, req, 'httpMethod', method);
  setField(state.restRequest, req, 'requestURI', path);
  setField(state.restRequest, req, 'resourcePath', `/services/apexrest${resource.mapping}`);
  setField(state.restRequest, req, 'remoteAddress', call.remoteAddress ?? '127.0.0.1');
  const body = call.body ?? '';
  setField(
    state.restRequest,
    req,
    'requestBody',
    new ApexBlob(new Uint8Array(Buffer.from(body, 'utf8')))
  );
  const headers = getField(state.restRequest, req, 'headers') as ApexMap;
  for (const [k, v] of Object.entries(call.headers ?? {})) headers.put(k, v);
  const params = getField(state.restRequest, req, 'params') as ApexMap;
  for (const [k, v] of new URLSearchParams(query)) params.put(k, v);
  const statics = rt.statics(state.restContext);
  statics[state.restContext.staticFields.get('request')!.slot] = req;
  statics[state.restContext.staticFields.get('response')!.slot] = res;

  const args = bindParameters(engine, handler, body);
  if ('error' in args) return errorResult(400, 'JSON_PARSER_ERROR', args.error);
  // The handler runs as the request's user; its result is serialized as before.
  const outcome = rt.data.db.asUser(userId, (): { result: unknown } | { failed: RestResult } => {
    const mark = rt.data.db.mark();
    const eventMark = rt.data.events.mark();
    try {
      return { result: handler.invoke!(null, args.values) };
    } catch (error) {
      if (!(error instanceof ApexThrow)) throw error;
      // An uncaught exception rolls the request's transaction back, its after-commit events too.
      rt.data.db.rollbackTo(mark);
      rt.data.events.rolledBackTo(eventMark);
      const ex = error.exception;
      // Observed on orgs: the message is the exception, a blank line, and the Apex stack trace.
      const trace = (ex.trace ?? []).join('\n');
      return {
        failed: errorResult(
          500,
          'APEX_ERROR',
          `${rt.describeException(ex)}${trace ? `\n\n${trace}` : ''}`
        )
      };
    }
  });
  if ('failed' in outcome) return outcome.failed;
  return restResult(engine, state, handler, outcome.result);
}

/** A request is a transaction of its own: fresh statics, limits, and no pending DML. */
function beginTransaction(engine: Engine): void {
  const rt = engine.runtime;
  rt.epoch++;
  rt.stack.length = 0;
  rt.data.limits.reset();
  rt.data.db.uncommittedWork = false;
}

function newPlatformObject(engine: Engine, cls: ClassInfo): ApexObject {
  const obj = engine.compiler.instantiate(cls);
  engine.compiler.runConstructor(cls, null, obj, []);
  return obj;
}

function setField(cls: ClassInfo, obj: ApexObject, name: string, value: unknown): void {
  obj.fields[cls.instanceFields.get(name.toLowerCase())!.slot] = value;
}

function getField(cls: ClassInfo, obj: ApexObject, name: string): unknown {
  return obj.fields[cls.instanceFields.get(name.toLowerCase())!.slot];
}

/** What the JSON natives need to run outside compiled code. */
function callContext(rt: Runtime): NativeCallContext {
  return {
    throwApex: (type, message) => rt.throwApex(type, message),
    callMethod: (self, name, args) => rt.callMethod(self as ApexObject, name, args),
    receiverType: null,
    runtime: rt
  };
}

/** A static method of System.JSON by name and arity. */
export function jsonNative(
  engine: Engine,
  name: string,
  arity: number
): (args: unknown[]) => unknown {
  const rt = engine.runtime;
  const json = rt.platform.natives.get('json')!;
  const method = json.statics.get(name.toLowerCase())!.find((m) => m.params.length === arity)!;
  const ctx = callContext(rt);
  return (args) => method.impl(undefined, args, ctx);
}

/**
 * Arguments of a handler with parameters: the JSON body is an object whose keys name the
 * parameters (Apex Developer Guide, Exposing Apex Classes as REST Web Services); a missing key
 * leaves its parameter null.
 */
function bindParameters(
  engine: Engine,
  handler: MethodInfo,
  body: string
): { values: unknown[] } | { error: string } {
  if (handler.params.length === 0) return { values: [] };
  const members = body.trim() === '' ? new Map<string, string>() : topLevelMembers(body);
  if (members === null)
    throw new UnsupportedError(`Apex REST request body that is no JSON object: ${body}`);
  const byName = new Map(handler.params.map((p) => [p.name.toLowerCase(), p]));
  for (const key of members.keys()) {
    if (!byName.has(key.toLowerCase()))
      return { error: `Unexpected parameter encountered during deserialization: ${key}` };
  }
  const deserialize = jsonNative(engine, 'deserialize', 2);
  const values: unknown[] = [];
  for (const param of handler.params) {
    const raw = [...members].find(([k]) => k.toLowerCase() === param.name.toLowerCase())?.[1];
    try {
      values.push(raw === undefined ? null : deserialize([raw, new ApexType(param.type)]));
    } catch (error) {
      if (error instanceof ApexThrow)
        return {
          error: engine.runtime
            .describeException(error.exception)
            .replace(/^System\.JSONException: /, '')
        };
      throw error;
    }
  }
  return { values };
}

/** The raw JSON text of each member of a top-level JSON object, or null when it is no object. */
export function topLevelMembers(text: string): Map<string, string> | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  // Re-scan the text to keep each value's exact digits (JSON.parse would round big numbers).
  const members = new Map<string, string>();
  let i = text.indexOf('{') + 1;
  const skipSpace = () => {
    while (/\s/.test(text[i] ?? '')) i++;
  };
  const scanString = () => {
    const start = i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return text.slice(start, i);
  };
  for (;;) {
    skipSpace();
    if (text[i] === '}') break;
    const key = JSON.parse(scanString()) as string;
    skipSpace();
    i++; // ':'
    skipSpace();
    const start = i;
    let depth = 0;
    while (i < text.length) {
      const c = text[i];
      if (c === '"') {
        scanString();
        continue;
      }
      if (depth === 0 && (c === ',' || c === '}')) break;
      if (c === '{' || c === '[') depth++;
      if (c === '}' || c === ']') depth--;
      i++;
    }
    members.set(key, text.slice(start, i).trim());
    if (text[i] === ',') i++;
  }
  return members;
}

/** The HTTP response: RestContext.response's status and headers, and the body. */
function restResult(
  engine: Engine,
  state: HttpState,
  handler: MethodInfo,
  result: unknown
): RestResult {
  const rt = engine.runtime;
  const res = rt.statics(state.restContext)[
    state.restContext.staticFields.get('response')!.slot
  ] as ApexObject | null;
  const headers: Record<string, string> = {};
  let status = 200;
  let body = '';
  if (res) {
    const code = getField(state.restResponse, res, 'statusCode');
    if (typeof code === 'number') status = code;
    const map = getField(state.restResponse, res, 'headers') as ApexMap | null;
    for (const k of map?.keys() ?? []) headers[String(k)] = rt.toApexString(map!.get(k));
    const blob = getField(state.restResponse, res, 'responseBody') as ApexBlob | null;
    if (blob) body = Buffer.from(blob.bytes).toString('utf8');
  }
  if (handler.returnType.kind !== 'void') {
    body = jsonNative(engine, 'serialize', 1)([result]) as string;
    headers['Content-Type'] ??= JSON_TYPE;
  }
  return { status, headers, body };
}
