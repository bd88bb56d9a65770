// ESLint for the whole repository: LWC rules (Salesforce's recommended set) on the TypeScript
// components in lwc-ts/, typescript-eslint on the tooling, Node globals on config files.
import { createRequire } from 'node:module';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const require = createRequire(import.meta.url);
const lwcConfig = require('@salesforce/eslint-config-lwc');

/** Applies a list of shared config objects to some files only. */
const scoped = (configs, files) => configs.map((config) => ({ ...config, files }));

const LWC_FILES = ['lwc-ts/**/*.ts'];
const TOOLING_FILES = [
  'scripts/**/*.ts',
  'packages/*/src/**/*.ts',
  'packages/*/test/**/*.ts',
  'packages/*/bench/**/*.ts'
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'coverage/',
      'reports/',
      '.sf/',
      '.sfdx/',
      // Generated from lwc-ts/ by `npm run build`.
      'force-app/main/default/lwc/',
      '**/*.d.ts'
    ]
  },
  ...scoped(lwcConfig.configs.recommended, LWC_FILES),
  ...scoped(tseslint.configs.recommended, LWC_FILES),
  {
    files: LWC_FILES,
    languageOptions: {
      // typescript-eslint parses TypeScript and native decorators, which the LWC rules read.
      parser: tseslint.parser,
      parserOptions: { sourceType: 'module' }
    },
    rules: {
      // tsc resolves modules (including the platform's lwc, lightning/* and c/*).
      'import/no-unresolved': 'off',
      'import/named': 'off',
      'import/namespace': 'off',
      'import/default': 'off',
      'import/no-named-as-default': 'off',
      'import/no-named-as-default-member': 'off',
      // TypeScript already reports unused code with the right understanding of types.
      'no-unused-vars': 'off',
      'no-undef': 'off'
    }
  },
  ...scoped(tseslint.configs.recommended, TOOLING_FILES),
  {
    files: TOOLING_FILES,
    languageOptions: { globals: { ...globals.node } }
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } }
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ignores: LWC_FILES,
    languageOptions: { sourceType: 'module', globals: { ...globals.node } }
  }
);
