/**
 * lightning-primitive-icon draws each icon from a template library per category
 * (`lightning/iconSvgTemplatesUtility`, `...Standard`, ... and their `Rtl` twins), loaded with a
 * dynamic import. The dashboard is bundled into one file, so every library would be compiled and
 * shipped: some 7,000 icon templates, most of the bundle and most of the build time. This rollup
 * plugin replaces each library with one that holds only the icons the bundle can name: the icon
 * names written in the components' sources and in lightning-base-components' own sources, plus
 * the toast variants (built at run time). Any other icon renders as the empty standard template,
 * and the browser console says which one was missing.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'rollup';

/** The icon categories of lightning-base-components and SLDS, one sprite and template library each. */
export const CATEGORIES = ['utility', 'standard', 'action', 'doctype', 'custom'] as const;
const LIBRARY = /^lightning\/iconSvgTemplates(Utility|Standard|Action|Doctype|Custom)?(Rtl)?$/;
const VIRTUAL_PREFIX = '\0conduit-icons:';
const ICON_NAME = /\b(utility|standard|action|doctype|custom):([a-z0-9_]+)\b/g;
/** `lightning-toast` names its icon `utility:${variant}` at run time. */
const TOAST_ICONS = ['utility:info', 'utility:success', 'utility:warning', 'utility:error'];

const require = createRequire(import.meta.url);
const LIGHTNING = join(
  dirname(require.resolve('lightning-base-components/package.json')),
  'src',
  'lightning'
);

/** Every `category:name` icon name written in the .js, .ts and .html files under `dirs`. */
export function iconNamesIn(dirs: string[]): Set<string> {
  const names = new Set<string>();
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('iconSvgTemplates') && entry.name !== 'node_modules')
          visit(path);
      } else if (/\.(js|ts|html)$/.test(entry.name)) {
        for (const match of readFileSync(path, 'utf8').matchAll(ICON_NAME))
          names.add(`${match[1]}:${match[2]}`);
      }
    }
  };
  for (const dir of dirs) if (existsSync(dir)) visit(dir);
  return names;
}

/** The folder of one category's templates in a library (`iconSvgTemplatesUtilityRtl`...). */
function templateDir(category: string, rtl: boolean): string {
  const library = `iconSvgTemplates${category[0].toUpperCase()}${category.slice(1)}${rtl ? 'Rtl' : ''}`;
  return join(LIGHTNING, library, 'buildTemplates', category);
}

/**
 * The source of a replacement library: the named icons of `categories` that
 * lightning-base-components has a template for, keyed as lightning-primitive-icon looks them up
 * (`utility_error`).
 */
export function libraryModule(
  categories: readonly string[],
  rtl: boolean,
  names: Set<string>
): string {
  const imports: string[] = [];
  const entries: string[] = [];
  for (const name of [...names].sort()) {
    const [category, icon] = name.split(':');
    if (!categories.includes(category)) continue;
    const file = join(templateDir(category, rtl), `${icon}.html`);
    if (!existsSync(file)) continue;
    const local = `icon${imports.length}`;
    imports.push(`import ${local} from ${JSON.stringify(file)};`);
    entries.push(`  ${JSON.stringify(`${category}_${icon}`)}: ${local},`);
  }
  return [
    ...imports,
    `const templates = {`,
    ...entries,
    `};`,
    `const reported = new Set();`,
    `export default new Proxy(templates, {`,
    `  get(target, key) {`,
    // Only icon keys: resolving the dynamic import also asks the library for `then`.
    `    if (typeof key === 'string' && /^(${CATEGORIES.join('|')})_/.test(key) && !(key in target) && !reported.has(key)) {`,
    `      reported.add(key);`,
    `      console.warn('dashboard: icon ' + key + ' is not in the bundle (scripts/dashboard/icon-templates.ts)');`,
    `    }`,
    `    return target[key];`,
    `  }`,
    `});`
  ].join('\n');
}

/** The plugin; `sourceDirs` hold the components whose icon names the bundle keeps. */
export function iconTemplates(sourceDirs: string[]): Plugin {
  let names: Set<string> | null = null;
  return {
    name: 'conduit-icon-templates',
    resolveId(source) {
      const library = LIBRARY.exec(source);
      if (!library) return null;
      const category = library[1]?.toLowerCase() ?? 'all';
      return `${VIRTUAL_PREFIX}${category}:${library[2] ? 'rtl' : 'ltr'}`;
    },
    load(id) {
      if (!id.startsWith(VIRTUAL_PREFIX)) return null;
      const [category, direction] = id.slice(VIRTUAL_PREFIX.length).split(':');
      names ??= new Set([...iconNamesIn([...sourceDirs, LIGHTNING]), ...TOAST_ICONS]);
      return libraryModule(
        category === 'all' ? CATEGORIES : [category],
        direction === 'rtl',
        names
      );
    }
  };
}
