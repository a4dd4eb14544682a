// cfn-lint on sam/template.yaml: it runs the SAM transform first, so it checks the resources SAM
// generates (roles, permissions, event source mappings) as CloudFormation will see them.
// cfn-lint is a Python tool; it is found like the launcher finds a JDK: KLAXON_CFN_LINT, then PATH,
// then pyenv (its shims, then every installed version).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join, relative } from 'node:path';
import { test } from 'node:test';
import { REPOSITORY, TEMPLATE_PATH } from './support/repository.mjs';

const INSTALL = 'pip install cfn-lint==1.51.0';

function candidates() {
  const pyenv = join(homedir(), '.pyenv');
  const versions = existsSync(join(pyenv, 'versions')) ? readdirSync(join(pyenv, 'versions')).sort().reverse() : [];
  return [
    process.env.KLAXON_CFN_LINT,
    ...(process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'cfn-lint')),
    join(pyenv, 'shims', 'cfn-lint'),
    ...versions.map((version) => join(pyenv, 'versions', version, 'bin', 'cfn-lint')),
  ].filter(Boolean);
}

/** The first cfn-lint that runs (a pyenv shim exists even where the active Python lacks the tool). */
function findCfnLint() {
  for (const candidate of candidates()) {
    if (!existsSync(candidate)) {
      continue;
    }
    const version = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
    if (version.status === 0) {
      return { path: candidate, version: version.stdout.trim() };
    }
  }
  return null;
}

test('template_shouldPassCfnLint_withNoErrorsOrWarnings', (t) => {
  // GIVEN cfn-lint
  const cfnLint = findCfnLint();
  if (!cfnLint) {
    t.skip(`cfn-lint not found (KLAXON_CFN_LINT, PATH, ~/.pyenv): ${INSTALL}`);
    return;
  }

  // WHEN it lints the template (after the SAM transform)
  const template = relative(REPOSITORY, TEMPLATE_PATH);
  const result = spawnSync(cfnLint.path, ['--format', 'parseable', template], { cwd: REPOSITORY, encoding: 'utf8' });

  // THEN it finds nothing: exit 0, no findings
  const findings = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  assert.ok(result.status === 0 && findings === '',
    `${cfnLint.version} (${cfnLint.path}) on ${template}: exit ${result.status}\n${findings}`);
});
