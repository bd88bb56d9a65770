export { loadProject } from './loader/project.ts';
export type { Project, SourceFile } from './loader/project.ts';
export { parseSource } from './frontend/parse.ts';
export { formatDiagnostic, UsageError } from './errors.ts';
export type { Diagnostic } from './errors.ts';
