// `sam build` without the SAM CLI: for every function in sam/template.yaml, do what SAM's makefile
// workflow does (copy the CodeUri directory to a scratch directory, run `make --makefile
// <CodeUri>/Makefile build-<LogicalId>` there with ARTIFACTS_DIR set) and prove the artifact holds the
// function's Handler where the Lambda Java runtime looks (package root, then lib/*.jar).
// Two liberties, for speed: the copy leaves out what a fresh clone lacks (build output, node_modules,
// .git), and functions with the same CodeUri share one scratch copy, so Maven builds the libraries once.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { REPOSITORY, STATEMACHINES, TEMPLATE_PATH, template } from './support/repository.mjs';

const cfn = template();
const functions = Object.entries(cfn.Resources).filter(([, r]) => r.Type === 'AWS::Serverless::Function');
const NOT_IN_A_FRESH_CLONE = new Set(['node_modules', '.git', '.aws-sam', '.klaxon']);

/** Maven's output directory (beside a pom.xml) and the other things a fresh clone does not have. */
function inAFreshClone(path) {
  const name = basename(path);
  return !NOT_IN_A_FRESH_CLONE.has(name) && !(name === 'target' && existsSync(join(dirname(path), 'pom.xml')));
}
const work = mkdtempSync(join(tmpdir(), 'klaxon-sam-build-'));
const scratchByCodeUri = new Map();

function run(command, args, options) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`;
  return { ok: result.status === 0, output: output.trim().split('\n').slice(-40).join('\n') };
}

/** The scratch copy SAM would make of a CodeUri directory (made once per directory). */
function scratchOf(codeDir) {
  if (!scratchByCodeUri.has(codeDir)) {
    const scratch = join(work, `scratch-${scratchByCodeUri.size}`);
    cpSync(codeDir, scratch, { recursive: true, filter: inAFreshClone });
    scratchByCodeUri.set(codeDir, scratch);
  }
  return scratchByCodeUri.get(codeDir);
}

const javaHome = run(join(REPOSITORY, 'scripts', 'java-home'), [], {});

after(() => rmSync(work, { recursive: true, force: true }));

describe('sam build (makefile workflow, simulated)', () => {
  test('template_shouldDeclareFunctions_toBuild', () => {
    assert.ok(functions.length > 0, 'sam/template.yaml has no AWS::Serverless::Function');
  });

  for (const [id, fn] of functions) {
    test(`${id}_shouldBuildAnArtifactThatLoadsItsHandler_whenSamBuildRunsItsMakeTarget`, () => {
      // GIVEN the function as the template declares it
      const { CodeUri: codeUri, Handler: handler } = fn.Properties;
      const runtime = fn.Properties.Runtime ?? cfn.Globals?.Function?.Runtime;
      assert.equal(typeof codeUri, 'string', `${id}: CodeUri must be a local directory for sam build`);
      assert.equal(fn.Metadata?.BuildMethod, 'makefile',
        `${id}: Metadata.BuildMethod must be makefile (SAM's Java workflow needs a pom.xml beside CodeUri, which a Maven reactor module does not build alone)`);
      for (const key of ['ContextPath', 'ProjectRootDirectory', 'WorkingDirectory']) {
        assert.equal(fn.Metadata[key], undefined, `${id}: Metadata.${key} changes where SAM runs make; this test does not simulate it`);
      }
      assert.match(runtime ?? '', /^java\d+$/, `${id}: this test checks Java artifacts, runtime is ${runtime}`);
      const codeDir = resolve(dirname(TEMPLATE_PATH), codeUri);
      const makefile = join(codeDir, 'Makefile');
      assert.ok(existsSync(makefile), `${id}: no Makefile in CodeUri ${codeUri} (${codeDir})`);

      // WHEN SAM's makefile workflow builds it: the Makefile from the source, run in the scratch copy
      const artifact = join(work, 'artifacts', id);
      const built = run('make', ['--makefile', makefile, `build-${id}`], {
        cwd: scratchOf(codeDir),
        env: { ...process.env, ARTIFACTS_DIR: artifact },
      });
      assert.ok(built.ok, `${id}: make build-${id} failed:\n${built.output}`);
      assert.ok(existsSync(artifact) && readdirSync(artifact).length > 0, `${id}: make build-${id} left ARTIFACTS_DIR empty`);

      // THEN the handler class loads from the artifact as the Lambda Java runtime would load it
      assert.ok(javaHome.ok, `no JDK 21+ to load the handler with: ${javaHome.output}`);
      const loaded = run(join(javaHome.output, 'bin', 'java'),
        [join(STATEMACHINES, 'test', 'support', 'LoadHandler.java'), artifact, handler], {});
      assert.ok(loaded.ok, `${id}: the artifact of build-${id} does not serve ${handler}:\n${loaded.output}`);
    });
  }
});

// The configuration file (docs/adr/0011): the make target checks it and puts it at the artifact root,
// where Lambda has it as $LAMBDA_TASK_ROOT/klaxon.yaml. Runs after the builds above, in the same scratch copy.
describe('sam build with a configuration file (klaxon.yaml at the repository root)', () => {
  const [id, fn] = functions[0];
  const scratch = () => scratchOf(resolve(dirname(TEMPLATE_PATH), fn.Properties.CodeUri));
  const example = readFileSync(join(REPOSITORY, 'examples', 'klaxon.yaml'), 'utf8');
  const build = (artifact) => run('make', ['--makefile', join(resolve(dirname(TEMPLATE_PATH), fn.Properties.CodeUri), 'Makefile'),
    `build-${id}`], { cwd: scratch(), env: { ...process.env, KLAXON_CONFIG: '', ARTIFACTS_DIR: artifact } });
  after(() => rmSync(join(scratch(), 'klaxon.yaml'), { force: true }));

  test(`${id}_shouldCarryTheConfigurationFile_whenKlaxonYamlIsAtTheRoot`, () => {
    // GIVEN the example as the repository's klaxon.yaml
    writeFileSync(join(scratch(), 'klaxon.yaml'), example);
    // WHEN the function is built
    const artifact = join(work, 'artifacts', `${id}-configured`);
    const built = build(artifact);
    // THEN the artifact holds the file, unchanged, at its root
    assert.ok(built.ok, `make build-${id} failed:\n${built.output}`);
    assert.equal(readFileSync(join(artifact, 'klaxon.yaml'), 'utf8'), example);
  });

  test(`${id}_shouldFailNamingFileAndLine_whenTheConfigurationIsInvalid`, () => {
    // GIVEN a klaxon.yaml naming a time zone that does not exist
    writeFileSync(join(scratch(), 'klaxon.yaml'), example.replace('Europe/Berlin', 'Europe/Berln'));
    // WHEN the function is built
    const artifact = join(work, 'artifacts', `${id}-misconfigured`);
    const built = build(artifact);
    // THEN the build fails with the checker's line and ships no file
    assert.ok(!built.ok, `make build-${id} succeeded with an invalid klaxon.yaml`);
    assert.match(built.output, /^klaxon\.yaml:\d+: 'Europe\/Berln' is not an IANA time zone/m);
    assert.ok(!existsSync(join(artifact, 'klaxon.yaml')), 'an invalid klaxon.yaml reached the artifact');
  });
});
