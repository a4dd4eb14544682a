// The reconciler's repairs after an outage wait inside their execution before they announce
// (RepairBackoff, ADR 0010 "Outages"): the real ASL on the real local runner, the Java functions faked.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { alertFired, executionName } from './support/fake-klaxon.mjs';
import { eventually } from './support/runner-process.mjs';
import { startFakeStack, stopFakeStack } from './support/fake-stack.mjs';

let fake;
let runner;

// Every Wait state shortened to 20 ms; the path through them is what is under test.
before(async () => ({ fake, runner } = await startFakeStack()));
after(() => stopFakeStack({ fake, runner }));

async function openAlert(prefix) {
  Object.assign(fake.policy, { claimTimeoutSeconds: 30, remindAfterSeconds: 30, autoResolveOnRecovery: true });
  const name = executionName(prefix);
  assert.equal((await runner.start(name, alertFired(`${name}-key`))).status, 202);
  await eventually(() => assert.equal(fake.alerts.get(name)?.awaiting, 'UNCLAIMED'));
  return fake.alerts.get(name);
}

describe('repairs after an outage', () => {
  test('repair_shouldWaitThenAnnounce_whenTheReconcilerGaveItAWait', async () => {
    // GIVEN an open alert
    const alert = await openAlert('repair-wait');
    const announce = { alertId: alert.alertId, version: alert.version, state: alert.state, change: null };

    // WHEN the reconciler starts a repair that waits (as after the second failure in a row an outage caused)
    const name = `repair-2-${alert.alertId}`;
    assert.equal((await runner.start(name, { announce, repairWaitSeconds: 60 })).status, 202);
    const repair = await runner.finished(name);

    // THEN it waited first, then announced the stored state like any repair
    assert.equal(repair.status, 'SUCCEEDED');
    assert.deepEqual(repair.states.slice(0, 4), ['Start', 'RepairBackoff', 'AnnounceStart', 'Announce']);
    assert.ok(fake.slack.updates.some((u) => u.alertId === alert.alertId && u.op === 'announce'));
  });

  test('repair_shouldAnnounceAtOnce_whenItHasNoWait', async () => {
    // GIVEN an open alert WHEN a repair without a wait starts (the first failure, or one repeating cannot fix)
    const alert = await openAlert('repair-now');
    const name = `repair-1-${alert.alertId}`;
    const announce = { alertId: alert.alertId, version: alert.version, state: alert.state, change: null };
    assert.equal((await runner.start(name, { announce })).status, 202);
    const repair = await runner.finished(name);

    // THEN it announces without passing the Wait state
    assert.equal(repair.status, 'SUCCEEDED');
    assert.deepEqual(repair.states.slice(0, 3), ['Start', 'AnnounceStart', 'Announce']);
  });
});
