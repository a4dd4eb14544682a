// The reconciler's restarts of an open that failed before its alert was stored wait inside their
// execution after an outage (ReopenBackoff, ADR 0010 "Outages"), then open the same event under their
// own name: the real ASL on the real local runner, the Java functions faked.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { alertFired, executionName } from './support/fake-klaxon.mjs';
import { eventually } from './support/runner-process.mjs';
import { startFakeStack, stopFakeStack } from './support/fake-stack.mjs';

let fake;
let runner;

// Every Wait state shortened to 20 ms; the path through them is what is under test.
before(async () => {
  ({ fake, runner } = await startFakeStack());
  Object.assign(fake.policy, { claimTimeoutSeconds: 30, remindAfterSeconds: 30, autoResolveOnRecovery: true });
});
after(() => stopFakeStack({ fake, runner }));

describe('restarts of a failed open', () => {
  test('reopen_shouldWaitThenOpenTheSameEventUnderItsName_whenTheReconcilerGaveItAWait', async () => {
    // GIVEN the event of an open that failed twice in a row on an outage
    const origin = executionName('reopen-wait');
    const event = alertFired(`${origin}-key`);

    // WHEN the reconciler starts it again with a wait and its counts beside the event
    const name = `reopen-2-${origin}`;
    const input = { ...event, reopenFailures: { unfixable: 0, outages: 2 }, reopenWaitSeconds: 60 };
    assert.equal((await runner.start(name, input)).status, 202);

    // THEN it waits first, then opens the event's signal as the alert named after the execution
    await eventually(() => assert.equal(fake.alerts.get(name)?.awaiting, 'UNCLAIMED'));
    const execution = await runner.describe(name);
    assert.deepEqual(execution.states.slice(0, 4), ['Start', 'ReopenBackoff', 'OpenStart', 'Open']);
    assert.equal(fake.alerts.get(name).alertKey, event.detail.alertKey);
    assert.equal(fake.alerts.get(name).lastSignalId, event.detail.signalId);
    assert.equal(fake.callsOf('lifecycle', 'open').filter((c) => c.alertId === name).length, 1);
  });

  test('reopen_shouldOpenAtOnce_whenItHasNoWait', async () => {
    // GIVEN the event of an open that failed once WHEN it is started again without a wait
    const origin = executionName('reopen-now');
    const name = `reopen-1-${origin}`;
    const input = { ...alertFired(`${origin}-key`), reopenFailures: { unfixable: 0, outages: 1 } };
    assert.equal((await runner.start(name, input)).status, 202);

    // THEN it opens without passing a Wait state
    await eventually(() => assert.equal(fake.alerts.get(name)?.awaiting, 'UNCLAIMED'));
    const execution = await runner.describe(name);
    assert.deepEqual(execution.states.slice(0, 3), ['Start', 'OpenStart', 'Open']);
  });
});
