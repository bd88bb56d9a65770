/**
 * Security gate: what the PMD gate does not enforce (see scripts/lib/security.ts for the rules).
 *
 *   npx tsx scripts/check-security.ts [--project <dir>]
 *
 * Sharing and access-mode rules run on every `.cls`/`.trigger` in the `packageDirectories` of
 * `sfdx-project.json`; the secrets rule on every file under force-app/, lwc-ts/ and scripts/.
 */
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { listApexFiles, listFiles, option, repoRoot } from './lib/project.ts';
import { checkApexSecurity, checkSecrets, type SecurityFinding } from './lib/security.ts';

/** Folders whose every text file is searched for endpoints, ids and credentials. */
const SECRET_ROOTS = ['force-app', 'lwc-ts', 'scripts'];
const TEXT_FILE =
  /\.(cls|trigger|apex|xml|ts|js|mjs|cjs|html|css|json|md|txt|yml|yaml|properties)$/i;

function main(): void {
  const started = performance.now();
  const root = resolve(option('project') ?? repoRoot);
  const findings: SecurityFinding[] = [];
  const apexFiles = listApexFiles(root);
  for (const file of apexFiles) {
    findings.push(...checkApexSecurity(relative(root, file), readFileSync(file, 'utf8')));
  }
  const textFiles = SECRET_ROOTS.flatMap((dir) =>
    listFiles(join(root, dir), (name) => TEXT_FILE.test(name))
  );
  for (const file of textFiles) {
    findings.push(...checkSecrets(relative(root, file), readFileSync(file, 'utf8')));
  }
  findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  for (const f of findings) {
    console.log(`${f.file}:${f.line}: ${f.rule}: ${f.message}`);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `security: ${apexFiles.length} Apex files (sharing, access mode), ${textFiles.length} files (secrets), ` +
      `${findings.length} finding${findings.length === 1 ? '' : 's'} (${seconds} s)`
  );
  if (findings.length > 0) process.exitCode = 1;
}

main();
