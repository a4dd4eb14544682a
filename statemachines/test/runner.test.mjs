// The local runner's protocol, as the Java half (local/…/NodeRunner.java) relies on it: the ready
// line, the HTTP API and its errors, and how it ends.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { alertFired, executionName, FakeKlaxon } from './support/fake-klaxon.mjs';
import { asl } from './support/repository.mjs';
import { ASL_FILE, RUNNER, SUBSTITUTIONS, eventually, startRunner } from './support/runner-process.mjs';

let fake;
let runner;

before(async () => {
  fake = new FakeKlaxon();
  runner = await startRunner({ callbackUrl: await fake.listen(), extraArgs: ['--retry-interval-ms', '10'] });
  fake.attach(runner);
});

after(async () => {
  await runner?.stop();
  await fake?.close();
});

async function waitingToken(name) {
  return eventually(() => {
    const token = fake.alerts.get(name)?.taskToken;
    assert.ok(token, 'the workflow is not waiting yet');
    return token;
  });
}

describe('local runner', () => {
  test('runner_shouldPrintOnlyTheReadyLine_onStdout', async () => {
    // GIVEN a running runner WHEN it has started and run an execution
    const name = executionName('stdout');
    await runner.start(name, alertFired(`${name}-key`));
    await waitingToken(name);

    // THEN stdout holds exactly one line, {"ready":true,"port":N}
    assert.deepEqual(runner.stdout, [JSON.stringify({ ready: true, port: runner.port })]);
  });

  test('startExecution_shouldAnswer202_andBeIdempotentForTheSameNameAndInput', async () => {
    // GIVEN an execution started once
    const name = executionName('idempotent');
    const input = alertFired(`${name}-key`);
    const first = await runner.start(name, input);

    // WHEN it is started again with the same input, and with a different one
    const again = await runner.start(name, input);
    const different = await runner.start(name, alertFired(`${name}-other`));

    // THEN the repeat answers like the first, the different input is refused
    assert.equal(first.status, 202);
    assert.deepEqual(first.body, { executionArn: `arn:aws:states:local:000000000000:execution:alert-lifecycle:${name}`, name });
    assert.equal(again.status, 202);
    assert.deepEqual(again.body, first.body);
    assert.equal(different.status, 409);
    assert.equal(different.body.error, 'ExecutionAlreadyExists');
  });

  test('startExecution_shouldAnswer400_whenTheNameOrTheBodyIsInvalid', async () => {
    const badName = await runner.start('has space', {});
    const badInput = await runner.request('POST', '/executions', { name: executionName('bad-input'), input: '{not json' });
    const notJson = await fetch(`${runner.base}/executions`, { method: 'POST', body: 'nope' });

    assert.equal(badName.status, 400);
    assert.equal(badName.body.error, 'InvalidName');
    assert.equal(badInput.status, 400);
    assert.equal(badInput.body.error, 'InvalidExecutionInput');
    assert.equal(notJson.status, 400);
    assert.equal((await notJson.json()).error, 'ValidationException');
  });

  test('describeExecution_shouldAnswer404_forAnUnknownName', async () => {
    const answer = await runner.request('GET', '/executions/never-started');
    assert.equal(answer.status, 404);
    assert.equal(answer.body.error, 'ExecutionDoesNotExist');
  });

  test('sendTaskFailure_shouldFailTheWaitWithTheGivenError', async () => {
    // GIVEN a workflow waiting for a claim
    const name = executionName('task-failure');
    await runner.start(name, alertFired(`${name}-key`));
    const token = await waitingToken(name);

    // WHEN the wait is failed through the callback API
    const answer = await runner.fail(token, 'Klaxon.Broken', 'the resumer gave up');
    const execution = await runner.finished(name);

    // THEN the failure takes the workflow's final-failure path with that error and cause
    assert.equal(answer.status, 200);
    assert.equal(execution.status, 'FAILED');
    assert.equal(execution.error, 'Klaxon.Broken');
    assert.equal(execution.cause, 'the resumer gave up');
    assert.deepEqual(execution.states.slice(-2), ['AwaitClaim', 'StepFailed']);
  });

  test('sendTaskSuccess_shouldAnswer400_whenTheOutputIsNotJson', async () => {
    // GIVEN a workflow waiting for a claim
    const name = executionName('bad-output');
    await runner.start(name, alertFired(`${name}-key`));
    const token = await waitingToken(name);

    // WHEN the output is not JSON
    const answer = await runner.succeed(token, '{"alertId":');

    // THEN it is refused and the wait goes on
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error, 'InvalidOutput');
    assert.equal((await runner.describe(name)).status, 'RUNNING');
    await fake.act(name, 'resolve');
    assert.equal((await runner.finished(name)).status, 'SUCCEEDED');
  });

  test('tasks_shouldGetAFreshTokenPerWait_neverThePlaceholder', async () => {
    // GIVEN a workflow that waited for a claim and then for a resolve
    const name = executionName('tokens');
    await runner.start(name, alertFired(`${name}-key`));
    await waitingToken(name);
    await fake.act(name, 'claim');
    await eventually(() => assert.equal(fake.alerts.get(name).awaiting, 'CLAIMED'));

    // THEN each wait had its own opaque token
    const [first, second] = fake.alerts.get(name).tokens;
    assert.notEqual(first, second);
    for (const token of [first, second]) {
      assert.match(token, /^[A-Za-z0-9_-]{64}$/);
    }
    await fake.act(name, 'resolve');
    await runner.finished(name);
  });

  test('lambdaErrors_shouldBeRetried_whenTheCallbackIsUnreachable', async () => {
    // GIVEN a runner whose callback server is not listening
    const lonely = await startRunner({ callbackUrl: 'http://127.0.0.1:9/internal', extraArgs: ['--retry-interval-ms', '1'] });
    try {
      // WHEN an execution starts
      const name = executionName('unreachable');
      await lonely.start(name, alertFired(`${name}-key`));
      const execution = await lonely.finished(name);

      // THEN the first task failed like an unreachable Lambda: retried as often as the ASL says,
      // then the final-failure path
      assert.equal(execution.status, 'FAILED');
      assert.equal(execution.error, 'Lambda.SdkClientException');
      assert.deepEqual(execution.states, ['Start', 'OpenStart', 'Open', 'StepFailed']);
      const retries = lonely.stderr.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l))
        .filter((l) => l.message === 'state retried' && l.execution === name && l.state === 'Open');
      const lambdaRetrier = asl().States.Open.Retry.find((r) => r.ErrorEquals.includes('Lambda.SdkClientException'));
      assert.equal(retries.length, lambdaRetrier.MaxAttempts);
    } finally {
      await lonely.stop();
    }
  });

  test('runner_shouldExit_whenStdinCloses', async () => {
    // GIVEN a second runner WHEN its parent closes its stdin
    const other = await startRunner({ callbackUrl: fake.callbackUrl });
    const code = await other.stop();

    // THEN it exits cleanly
    assert.equal(code, 0);
  });

  test('runner_shouldExit_onSigterm', async () => {
    const other = await startRunner({ callbackUrl: fake.callbackUrl });
    const exited = once(other.child, 'exit');
    other.child.kill('SIGTERM');
    const [code] = await exited;
    assert.equal(code, 0);
  });

  test('runner_shouldRefuseToStart_whenAPlaceholderHasNoSubstitution', async () => {
    // GIVEN substitutions without EventBusName
    const dir = await mkdtemp(join(tmpdir(), 'klaxon-runner-'));
    const file = join(dir, 'substitutions.json');
    const partial = { ...SUBSTITUTIONS };
    delete partial.EventBusName;
    await writeFile(file, JSON.stringify(partial));

    // WHEN the runner starts
    const child = spawn(process.execPath, [RUNNER, '--definition', ASL_FILE, '--substitutions', file,
      '--callback', fake.callbackUrl], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const [code] = await once(child, 'exit');

    // THEN it exits with an error naming the placeholder, and never says ready
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.match(stderr, /no substitution for \$\{EventBusName\}/);
  });
});
