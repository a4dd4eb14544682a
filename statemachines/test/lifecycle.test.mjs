// Scenario tests: the real alert-lifecycle.asl.json, run by the real local runner, against a fake
// of the three Java functions. Each test asserts the path through the workflow (states entered, in
// order) and what reached the bus.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { alertFired, executionName, RELEASED } from './support/fake-klaxon.mjs';
import { eventually } from './support/runner-process.mjs';
import { startFakeStack, stopFakeStack } from './support/fake-stack.mjs';

/** The states every published event passes through. */
const PUBLISH = ['HasEvent', 'PreparePublish', 'Publish', 'CheckPublished'];
const OPEN = ['Start', 'OpenStart', 'Open', 'OpenOutcome', 'Post', ...PUBLISH, 'Route'];
/** How the workflow ends once it read its alert RESOLVED (ADR 0010, "Handover"). */
const FINISHED = ['Finish', 'FinishOutcome', 'Resolved'];

let fake;
let runner;

// Retries and Wait states shortened: the timeouts under test (1 s) are real.
before(async () => ({ fake, runner } = await startFakeStack()));
after(() => stopFakeStack({ fake, runner }));

/** Starts an execution for a new alert key and waits until the workflow waits for a claim. */
async function openAlert(prefix, policy = {}) {
  Object.assign(fake.policy, { claimTimeoutSeconds: 30, remindAfterSeconds: 30, autoResolveOnRecovery: true }, policy);
  const name = executionName(prefix);
  const started = await runner.start(name, alertFired(`${name}-key`));
  assert.equal(started.status, 202);
  await awaiting(name, 'UNCLAIMED');
  return name;
}

/** Waits until the workflow has stored a task token on the alert while it is in `state`. */
function awaiting(alertId, state) {
  return eventually(() => {
    const alert = fake.alerts.get(alertId);
    assert.ok(alert, `alert ${alertId} not opened yet`);
    assert.equal(alert.awaiting, state);
    assert.ok(alert.taskToken);
    return alert;
  });
}

function publishedFor(alertId) {
  return fake.published.filter((e) => e.Detail.alertId === alertId).map((e) => e.DetailType);
}

describe('alert lifecycle workflow', () => {
  test('workflow_shouldSucceedThroughClaimedToResolved_whenClaimedThenResolved', async () => {
    // GIVEN an alert waiting for a claim
    const name = await openAlert('claim-resolve');

    // WHEN someone claims it, then resolves it
    const claim = await fake.act(name, 'claim', 'U0ALICE');
    await awaiting(name, 'CLAIMED');
    const resolve = await fake.act(name, 'resolve', 'U0ALICE');
    const execution = await runner.finished(name);

    // THEN both clicks resumed the workflow, which ends resolved after publishing each change
    assert.equal(claim.resumeStatus, 200);
    assert.equal(resolve.resumeStatus, 200);
    assert.equal(execution.status, 'SUCCEEDED');
    assert.deepEqual(execution.states, [
      ...OPEN,
      'AwaitClaim', 'HasOutcomeChange', 'RenderChange', ...PUBLISH, 'Route',
      'AwaitResolve', 'HasOutcomeChange', 'RenderChange', ...PUBLISH, 'Route', ...FINISHED,
    ]);
    assert.deepEqual(publishedFor(name), ['Alert Opened', 'Alert Claimed', 'Alert Resolved']);
    const claimed = fake.published.find((e) => e.Detail.alertId === name && e.DetailType === 'Alert Claimed');
    assert.equal(claimed.Source, 'klaxon');
    assert.equal(claimed.EventBusName, 'klaxon-test');
    assert.deepEqual(claimed.Detail.actor, { kind: 'slack', id: 'U0ALICE', name: 'u0alice' });
  });

  test('workflow_shouldResolveWithoutClaim_whenResolvedWhileUnclaimed', async () => {
    // GIVEN an alert waiting for a claim
    const name = await openAlert('resolve-unclaimed');

    // WHEN someone resolves it straight away
    await fake.act(name, 'resolve', 'U0BOB');
    const execution = await runner.finished(name);

    // THEN the workflow ends from AwaitClaim, without waiting for a claim
    assert.equal(execution.status, 'SUCCEEDED');
    assert.deepEqual(execution.states, [
      ...OPEN, 'AwaitClaim', 'HasOutcomeChange', 'RenderChange', ...PUBLISH, 'Route', ...FINISHED,
    ]);
    assert.deepEqual(publishedFor(name), ['Alert Opened', 'Alert Resolved']);
  });

  test('workflow_shouldWaitForAClaimAgain_whenTheOwnerUnclaims', async () => {
    // GIVEN a claimed alert
    const name = await openAlert('unclaim');
    await fake.act(name, 'claim', 'U0ALICE');
    await awaiting(name, 'CLAIMED');

    // WHEN the owner hands it back, and someone else resolves it
    await fake.act(name, 'unclaim', 'U0ALICE');
    await awaiting(name, 'UNCLAIMED');
    await fake.act(name, 'resolve', 'U0BOB');
    const execution = await runner.finished(name);

    // THEN the workflow went back to waiting for a claim, announcing each change
    assert.equal(execution.status, 'SUCCEEDED');
    assert.deepEqual(execution.states.slice(OPEN.length), [
      'AwaitClaim', 'HasOutcomeChange', 'RenderChange', ...PUBLISH, 'Route',
      'AwaitResolve', 'HasOutcomeChange', 'RenderChange', ...PUBLISH, 'Route',
      'AwaitClaim', 'HasOutcomeChange', 'RenderChange', ...PUBLISH, 'Route', ...FINISHED,
    ]);
    assert.deepEqual(publishedFor(name), ['Alert Opened', 'Alert Claimed', 'Alert Unclaimed', 'Alert Resolved']);
  });

  test('workflow_shouldRouteOnTheCurrentState_whenAnActionEndsTheSnoozeAsItsTimerRunsOut', async () => {
    // GIVEN a snoozed alert whose snooze timer runs out just as someone claims it (token expired)
    const name = await openAlert('snooze-race');
    await fake.act(name, 'snooze', 'U0ERIN', { snoozeSeconds: 1 });
    await awaiting(name, 'SNOOZED');
    let lateClaim;
    fake.before('lifecycle', 'wake', async (alertId) => {
      lateClaim = await fake.act(alertId, 'claim', 'U0FRANK');
    });

    // WHEN the workflow goes on to wake it
    await awaiting(name, 'CLAIMED');
    await fake.act(name, 'resolve', 'U0FRANK');
    const execution = await runner.finished(name);

    // THEN waking found nothing to do and the workflow waited for the owner to resolve
    assert.equal(lateClaim.resumeStatus, 410);
    assert.equal(execution.status, 'SUCCEEDED');
    assert.deepEqual(execution.states.slice(OPEN.length + 8), [
      'AwaitSnooze', 'Wake', 'WakeOutcome', 'RenderAfterRace', 'HasEvent', 'Route',
      'AwaitResolve', 'HasOutcomeChange', 'RenderChange', ...PUBLISH, 'Route', ...FINISHED,
    ]);
  });

  test('workflow_shouldEscalateThenWaitAgain_whenNobodyClaimsInTime', async () => {
    // GIVEN an alert whose claim timer is one second (later waits get a long timer again)
    const name = await openAlert('escalate', { claimTimeoutSeconds: 1 });
    const firstToken = fake.alerts.get(name).taskToken;
    fake.before('notify', 'escalation', () => {
      fake.policy.claimTimeoutSeconds = 30;
    });

    // WHEN nobody claims it in time
    await eventually(() => assert.deepEqual(publishedFor(name), ['Alert Opened', 'Alert Escalated']), 5000);
    await eventually(() => {
      const alert = fake.alerts.get(name);
      assert.notEqual(alert.taskToken, firstToken);
      assert.equal(alert.awaiting, 'UNCLAIMED');
    }, 5000);
    // ... and then someone claims and resolves it
    await fake.act(name, 'claim', 'U0CAROL');
    await awaiting(name, 'CLAIMED');
    await fake.act(name, 'resolve', 'U0CAROL');
    const execution = await runner.finished(name);

    // THEN it escalated once, mentioning the next level in the thread, then went on as usual
    assert.equal(execution.status, 'SUCCEEDED');
    assert.equal(fake.alerts.get(name).escalationLevel, 1);
    // the step is told the version its timer was set for, so a retry after its write landed
    // answers the same escalation instead of raising the next level (ADR 0001, "Timers apply once")
    assert.deepEqual(fake.calls.filter((c) => c.alertId === name && c.op === 'escalate').map((c) => c.expectedVersion),
      [1]);
    assert.deepEqual(execution.states, [
      ...OPEN,
      'AwaitClaim', 'Escalate', 'EscalateOutcome', 'AnnounceEscalation', ...PUBLISH, 'Route',
      'AwaitClaim', 'HasOutcomeChange', 'RenderChange', ...PUBLISH, 'Route',
      'AwaitResolve', 'HasOutcomeChange', 'RenderChange', ...PUBLISH, 'Route', ...FINISHED,
    ]);
    assert.deepEqual(publishedFor(name), ['Alert Opened', 'Alert Escalated', 'Alert Claimed', 'Alert Resolved']);
    assert.ok(fake.slack.replies.some((r) => r.alertId === name && r.mentions?.includes('S0ONCALL')));
  });

  test('callback_shouldAnswer410TaskTimedOut_whenTheWaitOfItsTokenTimedOut', async () => {
    // GIVEN a wait that timed out (the claim timer ran out and the workflow escalated)
    const name = await openAlert('stale-token', { claimTimeoutSeconds: 1 });
    const expired = fake.alerts.get(name).taskToken;
    fake.before('notify', 'escalation', () => {
      fake.policy.claimTimeoutSeconds = 30;
    });
    await eventually(() => {
      const alert = fake.alerts.get(name);
      assert.equal(alert.awaiting, 'UNCLAIMED');
      assert.notEqual(alert.taskToken, expired);
    }, 5000);

    // WHEN a late action tries to resume the workflow with the expired token, or with a made-up one
    const late = await runner.succeed(expired, { alertId: name, version: 9, state: 'CLAIMED', actor: { kind: 'system', id: 'klaxon' } });
    const lateFailure = await runner.fail(expired, 'Klaxon.Late', 'too late');
    const unknown = await runner.succeed('no-such-token', {});

    // THEN the expired token is refused as timed out, the unknown one as invalid, and nothing moved
    assert.equal(late.status, 410);
    assert.deepEqual(late.body.error, 'TaskTimedOut');
    assert.equal(lateFailure.status, 410);
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error, 'InvalidToken');
    const execution = await runner.describe(name);
    assert.equal(execution.status, 'RUNNING');
    assert.equal(execution.states.at(-1), 'AwaitClaim');
    await fake.act(name, 'resolve');
    assert.equal((await runner.finished(name)).status, 'SUCCEEDED');
  });

  test('callback_shouldAnswer410_whenTheTokenWasAlreadyUsed', async () => {
    // GIVEN a wait that a claim already ended
    const name = await openAlert('used-token');
    const token = fake.alerts.get(name).taskToken;
    await fake.act(name, 'claim');
    await awaiting(name, 'CLAIMED');

    // WHEN the same token is sent again (a double delivery)
    const again = await runner.succeed(token, { alertId: name, version: 2, state: 'CLAIMED', actor: { kind: 'system', id: 'x' } });

    // THEN it is refused and the workflow keeps waiting for the resolve
    assert.equal(again.status, 410);
    await fake.act(name, 'resolve');
    assert.equal((await runner.finished(name)).status, 'SUCCEEDED');
  });

  test('workflow_shouldAutoResolve_whenRecoveredWhileUnclaimed', async () => {
    // GIVEN an unclaimed alert whose route auto-resolves on recovery
    const name = await openAlert('recover-unclaimed', { autoResolveOnRecovery: true });

    // WHEN the source reports recovery
    await fake.recover(`${name}-key`);
    const execution = await runner.finished(name);

    // THEN the system resolves it and the workflow ends
    assert.equal(execution.status, 'SUCCEEDED');
    assert.deepEqual(execution.states, [
      ...OPEN, 'AwaitClaim', 'HasOutcomeChange', 'RenderChange', ...PUBLISH, 'Route', ...FINISHED,
    ]);
    assert.deepEqual(publishedFor(name), ['Alert Opened', 'Alert Resolved']);
    assert.equal(fake.published.at(-1).Detail.actor.kind, 'system');
  });

  test('workflow_shouldAnnotateAndKeepWaiting_whenRecoveredWhileClaimed', async () => {
    // GIVEN a claimed alert
    const name = await openAlert('recover-claimed');
    await fake.act(name, 'claim', 'U0DAVE');
    const claimedToken = (await awaiting(name, 'CLAIMED')).taskToken;

    // WHEN the source reports recovery (an annotation: no event), then the owner resolves
    const recovery = await fake.recover(`${name}-key`);
    await eventually(() => {
      const alert = fake.alerts.get(name);
      assert.equal(alert.awaiting, 'CLAIMED');
      assert.notEqual(alert.taskToken, claimedToken);
    });
    await fake.act(name, 'resolve', 'U0DAVE');
    const execution = await runner.finished(name);

    // THEN the workflow told the note in the thread without publishing anything, and the owner kept it
    assert.equal(recovery.resumeStatus, 200);
    assert.equal(execution.status, 'SUCCEEDED');
    assert.deepEqual(execution.states, [
      ...OPEN,
      'AwaitClaim', 'HasOutcomeChange', 'RenderChange', ...PUBLISH, 'Route',
      'AwaitResolve', 'HasOutcomeChange', 'RenderChange', 'HasEvent', 'Route',
      'AwaitResolve', 'HasOutcomeChange', 'RenderChange', ...PUBLISH, 'Route', ...FINISHED,
    ]);
    assert.deepEqual(publishedFor(name), ['Alert Opened', 'Alert Claimed', 'Alert Resolved']);
    assert.equal(fake.slack.replies.filter((r) => r.alertId === name && r.text.startsWith('RECOVERED')).length, 1);
  });

  test('workflow_shouldCountRefireOnTheOpenAlertAndEnd_whenTheKeyAlreadyHasAnOpenOccurrence', async () => {
    // GIVEN an open alert for a key
    const first = await openAlert('refire');
    const key = `${first}-key`;

    // WHEN the same key fires again (a new signal), and that signal is then redelivered
    const second = executionName('refire-second');
    await runner.start(second, alertFired(key, `${second}-signal`));
    const refired = await runner.finished(second);
    const third = executionName('refire-redelivered');
    await runner.start(third, alertFired(key, `${second}-signal`));
    const redelivered = await runner.finished(third);

    // THEN the second execution counted a refire on the first one's message and ended without
    // posting; the redelivery changed nothing; the first execution still owns the occurrence
    assert.equal(refired.status, 'SUCCEEDED');
    assert.deepEqual(refired.states, ['Start', 'OpenStart', 'Open', 'OpenOutcome', 'RenderRefire', ...PUBLISH, 'Route', 'Adopt', 'AdoptOutcome', 'Refired']);
    assert.equal(redelivered.status, 'SUCCEEDED');
    assert.deepEqual(redelivered.states, ['Start', 'OpenStart', 'Open', 'OpenOutcome', 'AlreadyKnown']);
    assert.equal(fake.slack.posts.filter((p) => p.alertId === first || p.alertId === second || p.alertId === third).length, 1);
    assert.equal(fake.alerts.get(first).refireCount, 1);
    assert.deepEqual(publishedFor(first), ['Alert Opened', 'Alert Refired']);
    assert.equal(fake.alerts.has(second), false);
    assert.equal((await runner.describe(first)).status, 'RUNNING');
    await fake.act(first, 'resolve');
    assert.equal((await runner.finished(first)).status, 'SUCCEEDED');
  });

  test('workflow_shouldWaitForAClaimAgain_whenItsAlertIsReopenedJustBeforeItFinishes', async () => {
    // GIVEN an alert whose recovery resolves it, and the alarm firing again (flap collapse) between the
    // workflow's last render of RESOLVED and its end; the reopening execution found the workflow still
    // running, so it did not adopt the alert
    const name = await openAlert('reopen-before-finish');
    fake.before('lifecycle', 'finish', (alertId) => {
      const alert = fake.alerts.get(alertId);
      alert.state = 'UNCLAIMED';
      alert.owner = null;
      alert.version += 1;
      fake.openByKey.set(alert.alertKey, alertId);
    });
    await fake.recover(`${name}-key`);

    // WHEN the workflow reaches Finish, then someone resolves the reopened alert
    await awaiting(name, 'UNCLAIMED');
    await fake.act(name, 'resolve', 'U0BOB');
    const execution = await runner.finished(name);

    // THEN Finish answered CONTINUE and the workflow waited for a claim again (so it would escalate),
    // then ended once the alert was resolved and still its own, releasing it
    assert.equal(execution.status, 'SUCCEEDED');
    assert.deepEqual(execution.states.slice(OPEN.length), [
      'AwaitClaim', 'HasOutcomeChange', 'RenderChange', ...PUBLISH, 'Route', 'Finish', 'FinishOutcome', 'Route',
      'AwaitClaim', 'HasOutcomeChange', 'RenderChange', ...PUBLISH, 'Route', ...FINISHED,
    ]);
    assert.equal(fake.callsOf('lifecycle', 'finish').filter((c) => c.alertId === name).length, 2);
    assert.equal(fake.alerts.get(name).workflow, RELEASED);
  });

  test('workflow_shouldRetryAndPostOnce_whenSlackIsUnavailableForAWhile', async () => {
    // GIVEN Slack is unavailable for the first two attempts to post
    fake.failNext('notify', 'post', 'io.klaxon.slack.SlackUnavailableException', 2);

    // WHEN an alert fires
    const name = await openAlert('slack-down');

    // THEN the post was retried until it went through, and the workflow went on normally
    const posts = fake.calls.filter((c) => c.alertId === name && c.op === 'post');
    assert.equal(posts.length, 3);
    assert.equal(fake.slack.posts.filter((p) => p.alertId === name).length, 1);
    assert.deepEqual((await runner.describe(name)).states, [...OPEN, 'AwaitClaim']);
    assert.deepEqual(publishedFor(name), ['Alert Opened']);
    await fake.act(name, 'resolve');
    assert.equal((await runner.finished(name)).status, 'SUCCEEDED');
  });

  test('workflow_shouldKeepRetryingAndThenGoOn_whenSlackRefusesDeliveryForAWhile', async () => {
    // GIVEN Slack refuses the post (a revoked token) for the first five attempts
    fake.failNext('notify', 'post', 'io.klaxon.notify.SlackDeliveryFailingException', 5, 'invalid_auth');

    // WHEN an alert fires
    const name = await openAlert('post-refused');

    // THEN the post was retried until Slack took it, and the workflow waits for a claim as usual
    assert.equal(fake.calls.filter((c) => c.alertId === name && c.op === 'post').length, 6);
    assert.equal(fake.slack.posts.filter((p) => p.alertId === name).length, 1);
    assert.deepEqual((await runner.describe(name)).states, [...OPEN, 'AwaitClaim']);
    assert.equal((await runner.describe(name)).status, 'RUNNING');
    assert.deepEqual(publishedFor(name), ['Alert Opened']);
    await fake.act(name, 'resolve');
    assert.equal((await runner.finished(name)).status, 'SUCCEEDED');
  });

  test('workflow_shouldKeepRetryingTheEscalation_whenSlackRefusesItForAWhile', async () => {
    // GIVEN an alert that escalates after one second, and Slack refusing the escalation's reply
    fake.failNext('notify', 'escalation', 'io.klaxon.notify.SlackDeliveryFailingException', 4, 'not_in_channel');
    const name = await openAlert('escalation-refused', { claimTimeoutSeconds: 1 });

    // WHEN the claim timer runs out
    await eventually(() => assert.ok(publishedFor(name).includes('Alert Escalated')), 10000);

    // THEN the escalation was told once Slack took it, and the workflow is still managing the alert
    assert.equal(fake.calls.filter((c) => c.alertId === name && c.op === 'escalation').length >= 5, true);
    assert.equal((await runner.describe(name)).status, 'RUNNING');
    await fake.act(name, 'resolve');
    assert.equal((await runner.finished(name)).status, 'SUCCEEDED');
  });

  test('workflow_shouldFailWithTheStepsOwnError_whenAStepFailsForGood', async () => {
    // GIVEN the post step fails with an error no retry can fix (the contract and the code are out of step)
    fake.failNext('notify', 'post', 'java.lang.IllegalArgumentException', 1, 'notify needs op and alertId');
    const name = executionName('post-broken');

    // WHEN an alert fires
    await runner.start(name, alertFired(`${name}-key`));
    const execution = await runner.finished(name);

    // THEN the execution fails at once, naming the error and its cause
    assert.equal(execution.status, 'FAILED');
    assert.equal(execution.error, 'java.lang.IllegalArgumentException');
    assert.equal(execution.cause, 'notify needs op and alertId');
    assert.deepEqual(execution.states, ['Start', 'OpenStart', 'Open', 'OpenOutcome', 'Post', 'StepFailed']);
    assert.equal(fake.calls.filter((c) => c.alertId === name && c.op === 'post').length, 1);
  });

  test('workflow_shouldRetryThePostAndTellTheOpening_whenNotifyIsKilledOnce', async () => {
    // GIVEN the first post attempt is killed: Lambda ends the function at its timeout (Step Functions
    // reports Lambda.Unknown), before it answered
    fake.failNext('notify', 'post', 'Lambda.Unknown', 1, 'Task timed out after 30.00 seconds');

    // WHEN an alert fires
    const name = await openAlert('post-killed');

    // THEN the post was retried, posted once, and "Alert Opened" told: the workflow waits for a claim
    assert.equal(fake.calls.filter((c) => c.alertId === name && c.op === 'post').length, 2);
    assert.equal(fake.slack.posts.filter((p) => p.alertId === name).length, 1);
    assert.deepEqual((await runner.describe(name)).states, [...OPEN, 'AwaitClaim']);
    assert.deepEqual(publishedFor(name), ['Alert Opened']);
    await fake.act(name, 'resolve');
    assert.equal((await runner.finished(name)).status, 'SUCCEEDED');
  });

  test('workflow_shouldRetryTheOpenAndTheEscalationsMention_whenTheirFunctionsTimeOutOnce', async () => {
    // GIVEN the open step times out once (Lambda.Unknown) and so does the escalation's reply (Lambda's own
    // name for a timeout, Sandbox.Timedout)
    fake.failNext('lifecycle', 'open', 'Lambda.Unknown', 1, 'Task timed out after 30.00 seconds');
    fake.failNext('notify', 'escalation', 'Sandbox.Timedout', 1, 'Task timed out after 30.00 seconds');
    fake.before('notify', 'escalation', () => {
      fake.policy.claimTimeoutSeconds = 30;
    });

    // WHEN an alert fires and nobody claims it in time
    const name = await openAlert('killed-escalation', { claimTimeoutSeconds: 1 });
    await eventually(() => assert.deepEqual(publishedFor(name), ['Alert Opened', 'Alert Escalated']), 5000);

    // THEN both steps were retried and did their work: the next level was mentioned, and the workflow goes on
    assert.equal(fake.calls.filter((c) => c.alertId === name && c.op === 'open').length, 2);
    assert.equal(fake.calls.filter((c) => c.alertId === name && c.op === 'escalation').length, 2);
    assert.ok(fake.slack.replies.some((r) => r.alertId === name && r.mentions?.includes('S0ONCALL')));
    await awaiting(name, 'UNCLAIMED');
    await fake.act(name, 'resolve');
    const execution = await runner.finished(name);
    assert.equal(execution.status, 'SUCCEEDED');
    assert.equal(execution.states.filter((s) => s === 'StepFailed').length, 0);
  });

  test('workflow_shouldFailWithLambdaUnknown_whenTheStepIsKilledEveryTime', async () => {
    // GIVEN a post that runs out of memory (or time) on every attempt
    fake.failNext('notify', 'post', 'Lambda.Unknown', 1000, 'Runtime exited with error: signal: killed');
    const name = executionName('post-oom');

    // WHEN an alert fires
    let execution;
    try {
      await runner.start(name, alertFired(`${name}-key`));
      execution = await runner.finished(name);
    } finally {
      fake.faults.length = 0;
    }

    // THEN after a few attempts the execution fails as before, through StepFailed, with Lambda's error
    assert.equal(execution.status, 'FAILED');
    assert.equal(execution.error, 'Lambda.Unknown');
    assert.equal(execution.cause, 'Runtime exited with error: signal: killed');
    assert.deepEqual(execution.states, ['Start', 'OpenStart', 'Open', 'OpenOutcome', 'Post', 'StepFailed']);
    assert.equal(fake.calls.filter((c) => c.alertId === name && c.op === 'post').length, 4);
  });

  test('workflow_shouldEscalateOnce_whenTheEscalateStepIsKilled', async () => {
    // GIVEN the escalate step is killed once (its retry is safe: it passes the timer's version, and the function
    // answers a repeat of an escalation it applied with that same change, ADR 0001 "Timers apply once")
    fake.failNext('escalate', 'escalate', 'Lambda.Unknown', 1, 'Task timed out after 30.00 seconds');
    fake.before('notify', 'escalation', () => {
      fake.policy.claimTimeoutSeconds = 30;
    });

    // WHEN the claim timer runs out
    const name = await openAlert('escalate-killed', { claimTimeoutSeconds: 1 });
    await eventually(() => assert.deepEqual(publishedFor(name), ['Alert Opened', 'Alert Escalated']), 5000);

    // THEN the step was retried with the timer's version and the escalation told once; the workflow goes on
    const escalations = fake.calls.filter((c) => c.alertId === name && c.op === 'escalate');
    assert.equal(escalations.length, 2);
    assert.equal(typeof escalations[0].expectedVersion, 'number');
    assert.equal(escalations[0].expectedVersion, escalations[1].expectedVersion);
    await awaiting(name, 'UNCLAIMED');
    await fake.act(name, 'resolve');
    const execution = await runner.finished(name);
    assert.equal(execution.status, 'SUCCEEDED');
    assert.equal(execution.states.filter((s) => s === 'StepFailed').length, 0);
  });

  test('workflow_shouldWakeAndWaitForAClaim_whenASnoozeRunsOut', async () => {
    // GIVEN an unclaimed alert snoozed for one second
    const name = await openAlert('snooze');
    await fake.act(name, 'snooze', 'U0ERIN', { snoozeSeconds: 1 });

    // WHEN the snooze runs out
    await awaiting(name, 'SNOOZED');
    await eventually(() => assert.equal(fake.alerts.get(name).awaiting, 'UNCLAIMED'), 5000);
    await fake.act(name, 'resolve');
    const execution = await runner.finished(name);

    // THEN the workflow woke it, re-rendered it, announced it is unclaimed again and waited for a claim
    assert.equal(execution.status, 'SUCCEEDED');
    assert.deepEqual(execution.states, [
      ...OPEN,
      'AwaitClaim', 'HasOutcomeChange', 'RenderChange', ...PUBLISH, 'Route',
      'AwaitSnooze', 'Wake', 'WakeOutcome', 'RenderWake', ...PUBLISH, 'Route',
      'AwaitClaim', 'HasOutcomeChange', 'RenderChange', ...PUBLISH, 'Route', ...FINISHED,
    ]);
    assert.deepEqual(publishedFor(name), ['Alert Opened', 'Alert Snoozed', 'Alert Unclaimed', 'Alert Resolved']);
  });

  test('workflow_shouldRemindAndKeepWaiting_whenTheOwnerTakesLong', async () => {
    // GIVEN a claimed alert whose owner is reminded after one second
    const name = await openAlert('remind', { remindAfterSeconds: 1 });
    fake.before('notify', 'remind', () => {
      fake.policy.remindAfterSeconds = 30;
    });
    await fake.act(name, 'claim');
    const firstWait = (await awaiting(name, 'CLAIMED')).taskToken;

    // WHEN the owner does nothing for a while
    await eventually(() => assert.ok(fake.slack.replies.some((r) => r.alertId === name && r.text === 'reminder')), 5000);
    await eventually(() => {
      const alert = fake.alerts.get(name);
      assert.equal(alert.awaiting, 'CLAIMED');
      assert.notEqual(alert.taskToken, firstWait);
    });
    await fake.act(name, 'resolve');
    const execution = await runner.finished(name);

    // THEN the workflow reminded them once in the thread and waited again
    assert.equal(execution.status, 'SUCCEEDED');
    assert.deepEqual(execution.states.slice(OPEN.length + 8), [
      'AwaitResolve', 'Remind', 'HasEvent', 'Route',
      'AwaitResolve', 'HasOutcomeChange', 'RenderChange', ...PUBLISH, 'Route', ...FINISHED,
    ]);
  });

  test('workflow_shouldTellAClickBetweenStepsExactlyOnce_throughAnAnnouncement', async () => {
    // GIVEN a claim that lands after the post but before the workflow stores its token
    const name = executionName('between-steps');
    let claim;
    fake.before('lifecycle', 'await', async (alertId) => {
      claim = await fake.act(alertId, 'claim', 'U0FAST');
    });

    // WHEN the workflow starts waiting for a claim
    await runner.start(name, alertFired(`${name}-key`));
    await awaiting(name, 'CLAIMED');
    const announcement = await runner.finished(claim.announcement);
    await fake.act(name, 'resolve', 'U0FAST');
    const execution = await runner.finished(name);

    // THEN no wait took the claim, so it went to one announcement execution, which told it (thread
    // reply, event); the await step resumed itself with no change, and the workflow only re-rendered
    assert.equal(claim.resumeStatus, undefined);
    assert.equal(claim.announcement, `announce-v2-${name}`);
    assert.equal(announcement.status, 'SUCCEEDED');
    assert.deepEqual(announcement.states, ['Start', 'AnnounceStart', 'Announce', ...PUBLISH, 'Route', 'Adopt', 'AdoptOutcome', 'Announced']);
    assert.equal(execution.status, 'SUCCEEDED');
    assert.deepEqual(execution.states, [
      ...OPEN,
      'AwaitClaim', 'HasOutcomeChange', 'RenderState', 'HasEvent', 'Route',
      'AwaitResolve', 'HasOutcomeChange', 'RenderChange', ...PUBLISH, 'Route', ...FINISHED,
    ]);
    assert.deepEqual(publishedFor(name), ['Alert Opened', 'Alert Claimed', 'Alert Resolved']);
    assert.equal(fake.slack.replies.filter((r) => r.alertId === name && r.text.startsWith('CLAIMED')).length, 1);
    // Starting the same announcement again (a retried writer) runs nothing twice
    const again = await runner.start(claim.announcement, { announce: { alertId: name } });
    assert.equal(again.status, 409);
    assert.deepEqual(publishedFor(name), ['Alert Opened', 'Alert Claimed', 'Alert Resolved']);
  });

  test('announcement_shouldWaitForTheOccurrencesOwnPost_whenTheClickCameFirst', async () => {
    // GIVEN a claim that lands after open, before the message is posted (the post fails once meanwhile)
    const name = executionName('before-post');
    let claim;
    fake.failNext('notify', 'post', 'io.klaxon.slack.SlackUnavailableException', 1);
    fake.before('notify', 'post', async (alertId) => {
      claim = await fake.act(alertId, 'claim', 'U0EARLY');
    });

    // WHEN the workflow runs on
    await runner.start(name, alertFired(`${name}-key`));
    await awaiting(name, 'CLAIMED');
    const announcement = await runner.finished(claim.announcement);

    // THEN the announcement retried until the message existed, and never posted one itself
    assert.equal(announcement.status, 'SUCCEEDED');
    assert.equal(fake.slack.posts.filter((p) => p.alertId === name).length, 1);
    assert.ok(fake.callsOf('notify', 'announce').filter((c) => c.alertId === name).length >= 1);
    assert.deepEqual(publishedFor(name).sort(), ['Alert Claimed', 'Alert Opened']);
    await fake.act(name, 'resolve');
    assert.equal((await runner.finished(name)).status, 'SUCCEEDED');
  });

  test('workflow_shouldShowTheClaimAndWaitForResolve_whenAClaimRacesTheClaimTimer', async () => {
    // GIVEN an alert whose claim timer runs out, and a claim that lands just after (its token expired)
    const name = await openAlert('click-vs-timeout', { claimTimeoutSeconds: 1 });
    let lateClaim;
    fake.before('escalate', 'escalate', async (alertId) => {
      fake.policy.claimTimeoutSeconds = 30;
      const token = fake.alerts.get(alertId).taskToken;
      lateClaim = await fake.act(alertId, 'claim', 'U0LATE');
      lateClaim.token = token;
    });

    // WHEN the workflow goes on to escalate
    await awaiting(name, 'CLAIMED');
    await fake.act(name, 'resolve', 'U0LATE');
    const execution = await runner.finished(name);

    // THEN the claim won, escalation found nothing to do, the message was re-rendered from state, and
    // the claim itself was told once, by an announcement
    assert.equal(lateClaim.resumeStatus, 410);
    assert.equal((await runner.finished(lateClaim.announcement)).status, 'SUCCEEDED');
    assert.deepEqual(publishedFor(name), ['Alert Opened', 'Alert Claimed', 'Alert Resolved']);
    assert.equal(fake.alerts.get(name).escalationLevel, 0);
    assert.equal(execution.status, 'SUCCEEDED');
    assert.deepEqual(execution.states, [
      ...OPEN,
      'AwaitClaim', 'Escalate', 'EscalateOutcome', 'RenderAfterRace', 'HasEvent', 'Route',
      'AwaitResolve', 'HasOutcomeChange', 'RenderChange', ...PUBLISH, 'Route', ...FINISHED,
    ]);
  });

  test('workflow_shouldPublishAgain_whenTheBusRejectsTheEntry', async () => {
    // GIVEN a bus that rejects the first entry it is given (reported in PutEvents' result, not as an error)
    fake.rejectNextEntries(1);

    // WHEN an alert opens
    const name = await openAlert('bus-rejects');

    // THEN the event was put again after a back-off, and reached the bus once
    assert.deepEqual(publishedFor(name), ['Alert Opened']);
    assert.deepEqual((await runner.describe(name)).states, [
      'Start', 'OpenStart', 'Open', 'OpenOutcome', 'Post', ...PUBLISH, 'CountPublishAttempt', 'PublishBackoff', 'Publish', 'CheckPublished',
      'Route', 'AwaitClaim',
    ]);
    await fake.act(name, 'resolve');
    assert.equal((await runner.finished(name)).status, 'SUCCEEDED');
  });
  test('tell_shouldSayTheNoteOnceAndTouchNoAlert_whenALosingClickHandsItOver', async () => {
    // GIVEN an alert already claimed by alice
    const name = await openAlert('tell-loser');
    await fake.act(name, 'claim', 'U0ALICE');
    await awaiting(name, 'CLAIMED');
    const note = { alertId: name, responseUrl: 'https://hooks.slack.com/actions/T0/1/x', userId: 'U0BOB', channel: 'C0', text: 'Already claimed by alice.' };
    const tellName = `tell-v2-${name}-U0BOB`;

    // WHEN bob's losing click hands the workflow a note, twice (he clicked again on the same version)
    const started = await runner.start(tellName, { tell: note });
    const told = await runner.finished(tellName);
    const again = await runner.start(tellName, { tell: note });

    // THEN one short execution said it through notify's tell, and nothing else happened
    assert.equal(started.status, 202);
    assert.equal(told.status, 'SUCCEEDED');
    assert.deepEqual(told.states, ['Start', 'Tell', 'Told']);
    assert.equal(again.status, 409);
    assert.deepEqual(fake.slack.notes.filter((n) => n.alertId === name), [note]);
    const tellCalls = fake.callsOf('notify', 'tell').filter((c) => c.alertId === name);
    assert.equal(tellCalls.length, 1);
    assert.deepEqual(publishedFor(name), ['Alert Opened', 'Alert Claimed']);
    assert.equal(fake.alerts.get(name).awaiting, 'CLAIMED');
    await fake.act(name, 'resolve', 'U0ALICE');
    assert.equal((await runner.finished(name)).status, 'SUCCEEDED');
  });

  test('tell_shouldRetrySlackOutages_andDropTheNoteWithoutFailing_whenSlackRefusesIt', async () => {
    // GIVEN Slack unavailable once for one note, and refusing another outright
    const id = executionName('tell-no-alert');
    fake.failNext('notify', 'tell', 'io.klaxon.slack.SlackUnavailableException', 1);
    const retried = await runner.start(`tell-v1-${id}-U0EVE`, { tell: { alertId: id, responseUrl: null, userId: 'U0EVE', channel: 'C0', text: 'Klaxon knows no such alert.' } });
    assert.equal(retried.status, 202);
    const told = await runner.finished(`tell-v1-${id}-U0EVE`);
    fake.failNext('notify', 'tell', 'io.klaxon.slack.SlackRejectedException', 1);
    await runner.start(`tell-v1-${id}-U0MAL`, { tell: { alertId: id, responseUrl: null, userId: 'U0MAL', channel: 'C0', text: 'x' } });
    const refused = await runner.finished(`tell-v1-${id}-U0MAL`);

    // THEN the outage was retried and the note said; the refused one ended quietly, not as a failure
    assert.equal(told.status, 'SUCCEEDED');
    assert.deepEqual(told.states, ['Start', 'Tell', 'Told']);
    assert.equal(fake.slack.notes.filter((n) => n.userId === 'U0EVE' && n.alertId === id).length, 1);
    assert.equal(refused.status, 'SUCCEEDED');
    assert.deepEqual(refused.states, ['Start', 'Tell', 'NotTold']);
    assert.equal(fake.slack.notes.filter((n) => n.userId === 'U0MAL').length, 0);
  });
});
