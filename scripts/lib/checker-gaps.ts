/**
 * Messages of the Apex semantic checker (apex-ls, API 61) that are its own gaps, not the
 * project's mistakes. apex-ls does not model Salesforce Connect: it reports every external object
 * (`__x`) as undeclared and its indirect and external lookups as unknown field types. Only those
 * messages, and only on an external object's own metadata files, are gaps; the offline runtime's
 * loader and `sf project convert source` check those files instead.
 */
const EXTERNAL_OBJECT_GAPS: readonly RegExp[] = [
  /^No SObject declaration found for 'Schema\.\w+__x'/,
  /^Unrecognised type '(?:IndirectLookup|ExternalLookup)'/
];

/** Whether a checker message on `file` (a project-relative path with `/`) is a known gap. */
export function isCheckerGap(file: string, message: string): boolean {
  return (
    /(?:^|\/)objects\/\w+__x\//.test(file) && EXTERNAL_OBJECT_GAPS.some((p) => p.test(message))
  );
}

/** Why a gap is printed as a warning, appended to its message. */
export const GAP_NOTE =
  '(apex-ls does not model Salesforce Connect external objects; the runtime and sf check this file)';
