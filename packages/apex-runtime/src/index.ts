export { loadProject } from './loader/project.ts';
export type { Project, SourceFile } from './loader/project.ts';
export { parseSource } from './frontend/parse.ts';
export { formatDiagnostic, UsageError } from './errors.ts';
export type { Diagnostic } from './errors.ts';
export { createEngine, runAnonymous } from './engine.ts';
export type { Engine, EngineOptions, AnonymousResult } from './engine.ts';
export { createLocalOrg, LocalOrg } from './local/org.ts';
export type { LocalOrgOptions, OrgEvent, ApexRunResult, IdleResult } from './local/org.ts';
export { VirtualClock } from './local/clock.ts';
export { serveRest, MAX_BODY_BYTES } from './local/serve.ts';
export type { RestServer, ServeOptions } from './local/serve.ts';
export { invokeAura, findAuraMethod } from './local/aura.ts';
export type { AuraResult } from './local/aura.ts';
export {
  invokeRest,
  resolveEndpoint,
  setEndpointOverrides,
  LOCAL_AUTHORIZATION
} from './stdlib/http.ts';
export type { RestCall, RestResult, CalloutTransport } from './stdlib/http.ts';
export type { WireRequest, WireResponse } from './local/callout-wire.ts';
