/**
 * A rollup plugin that maps the platform modules the components import to the dashboard's
 * shims. `@salesforce/apex/<Class>.<method>` has one module per method in an org, so each
 * becomes a small virtual module built from `apexMethod(Class, method)`; the others are files.
 * It runs before the LWC plugin, which would otherwise look them up as LWC modules.
 */
import { join } from 'node:path';
import type { Plugin } from 'rollup';

const APEX_METHOD = /^@salesforce\/apex\/([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)$/;
const VIRTUAL_PREFIX = '\0conduit-apex:';

/** The module each platform import resolves to, relative to the stage's `shims/`. */
const SHIM_FILES: Record<string, string> = {
  '@salesforce/apex': 'apex.js',
  '@salesforce/i18n/locale': 'i18nLocale.js',
  '@salesforce/i18n/timeZone': 'i18nTimeZone.js',
  'lightning/empApi': 'empApi.js',
  'lightning/navigation': 'navigation.js',
  'lightning/platformShowToastEvent': 'platformShowToastEvent.js',
  'lightning/confirm': 'confirm.js'
};

export function platformModules(stageDir: string): Plugin {
  const apexShim = join(stageDir, 'shims', SHIM_FILES['@salesforce/apex']);
  return {
    name: 'conduit-platform-modules',
    resolveId(source) {
      const apex = APEX_METHOD.exec(source);
      if (apex) {
        return `${VIRTUAL_PREFIX}${apex[1]}.${apex[2]}`;
      }
      const file = SHIM_FILES[source];
      return file ? join(stageDir, 'shims', file) : null;
    },
    load(id) {
      if (!id.startsWith(VIRTUAL_PREFIX)) {
        return null;
      }
      const [className, methodName] = id.slice(VIRTUAL_PREFIX.length).split('.');
      return [
        `import { apexMethod } from ${JSON.stringify(apexShim)};`,
        `export default apexMethod(${JSON.stringify(className)}, ${JSON.stringify(methodName)});`
      ].join('\n');
    }
  };
}
