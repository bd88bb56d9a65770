// Resolves `c/<component>` to its TypeScript source in lwc-ts/ and hands every other module
// (lwc, lightning/* stubs, @salesforce/* mocks) to the sfdx-lwc-jest resolver.
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const sfdxResolver = require('@salesforce/sfdx-lwc-jest/src/resolver.js');

const SOURCES = join(__dirname, 'lwc-ts');

module.exports = function resolve(request, options) {
  const match = /^c\/([A-Za-z][A-Za-z0-9_]*)$/.exec(request);
  if (match) {
    const file = join(SOURCES, match[1], `${match[1]}.ts`);
    if (existsSync(file)) {
      return file;
    }
  }
  return sfdxResolver(request, options);
};
