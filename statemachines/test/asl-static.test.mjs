// Static checks of alert-lifecycle.asl.json: valid ASL, every name it uses exists (states,
// substitutions, Java error classes, task-contract fields), and every task is guarded the way the
// house style asks (Lambda transient retries, timeouts with a Catch on States.Timeout).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { placeholders } from '../local/definition.mjs';
import {
  asl, aslText, findJavaClass, javaEnumConstants, javaRecordComponents, template,
} from './support/repository.mjs';

const require = createRequire(import.meta.url);
const aslValidator = require('asl-validator');

const LAMBDA_TRANSIENT = ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException'];
const SLACK_UNAVAILABLE = 'io.klaxon.slack.SlackUnavailableException';
const SLACK_BUSY = 'io.klaxon.slack.SlackBusyException';
const STORE_UNAVAILABLE = 'io.klaxon.domain.port.StoreUnavailableException';
const DELIVERY_FAILING = 'io.klaxon.notify.SlackDeliveryFailingException';
/**
 * How Step Functions reports a function Lambda ended (a timeout, running out of memory): Lambda.Unknown
 * ("Handle Lambda service exceptions" in the Step Functions guide), Sandbox.Timedout as Lambda names a timeout.
 */
const KILLED = ['Lambda.Unknown', 'Sandbox.Timedout'];
/** Step Functions' limits on a retrier (the ASL specification and the Step Functions quotas). */
const MAX_ATTEMPTS_LIMIT = 99999999;
const MAX_DELAY_SECONDS_LIMIT = 31622400;
/** Which ops each function serves (the switch in each service). */
/** The ops each function serves, from the TaskOp enum (`OPEN(Function.LIFECYCLE)` → lifecycle serves `open`). */
const OPS = (() => {
  const source = findJavaClass('io.klaxon.domain.workflow.TaskOp').text;
  const ops = {};
  for (const [, op, fn] of source.matchAll(/^\s+([A-Z_]+)\(Function\.([A-Z]+)\)/gm)) {
    const placeholder = `${fn[0]}${fn.slice(1).toLowerCase()}FunctionArn`;
    (ops[placeholder] ??= []).push(op.toLowerCase());
  }
  return ops;
})();

const definition = asl();
const states = Object.entries(definition.States);
const tasks = states.filter(([, s]) => s.Type === 'Task');
const lambdaTasks = tasks.filter(([, s]) => s.Resource.startsWith('arn:aws:states:::lambda:invoke'));
const waitTasks = tasks.filter(([, s]) => s.Resource.endsWith('.waitForTaskToken'));

/** Worst-case seconds a retrier waits in all, before jitter shortens it. */
function totalBackoffSeconds(retrier) {
  let total = 0;
  for (let attempt = 0; attempt < retrier.MaxAttempts; attempt++) {
    total += Math.min(retrier.IntervalSeconds * retrier.BackoffRate ** attempt, retrier.MaxDelaySeconds ?? Infinity);
  }
  return total;
}

function retrierFor(state, error) {
  return (state.Retry ?? []).find((r) => r.ErrorEquals.includes(error));
}

function targets(state) {
  return [
    state.Next,
    state.Default,
    ...(state.Choices ?? []).map((c) => c.Next),
    ...(state.Catch ?? []).map((c) => c.Next),
  ].filter(Boolean);
}

describe('alert-lifecycle.asl.json', () => {
  test('asl_shouldBeValidAmazonStatesLanguage_whenCheckedWithAslValidator', () => {
    // GIVEN the ASL as committed WHEN asl-validator checks it, paths and ARNs included
    const { isValid, errorsText } = aslValidator(definition, { checkPaths: true, checkArn: true });

    // THEN it is valid
    assert.ok(isValid, errorsText('\n'));
  });

  test('asl_shouldUseExactlyTheTemplatesSubstitutions_whenDeployed', () => {
    // GIVEN the placeholders in the ASL and the DefinitionSubstitutions of the template
    const used = placeholders(aslText()).sort();
    const machine = Object.values(template().Resources).find((r) => r.Type === 'AWS::Serverless::StateMachine');
    const provided = Object.keys(machine.Properties.DefinitionSubstitutions).sort();

    // THEN each placeholder has a substitution and each substitution is used
    assert.deepEqual(used, provided);
    assert.deepEqual(used, ['EscalateFunctionArn', 'EventBusName', 'LifecycleFunctionArn', 'NotifyFunctionArn']);
  });

  test('asl_shouldOnlyTargetExistingStates_andReachEveryState', () => {
    // GIVEN every transition of every state
    const names = new Set(Object.keys(definition.States));
    for (const [name, state] of states) {
      for (const target of targets(state)) {
        assert.ok(names.has(target), `${name} goes to ${target}, which does not exist`);
      }
    }

    // WHEN walking from StartAt
    assert.ok(names.has(definition.StartAt));
    const reached = new Set([definition.StartAt]);
    const queue = [definition.StartAt];
    while (queue.length > 0) {
      for (const next of targets(definition.States[queue.shift()])) {
        if (!reached.has(next)) {
          reached.add(next);
          queue.push(next);
        }
      }
    }

    // THEN every state is reachable
    assert.deepEqual([...names].filter((n) => !reached.has(n)), []);
  });

  test('lambdaTasks_shouldRetryLambdasTransientErrorsWithBackoff', () => {
    assert.ok(lambdaTasks.length >= 10, 'the workflow has its lambda tasks');
    for (const [name, state] of lambdaTasks) {
      const retrier = (state.Retry ?? []).find((r) => LAMBDA_TRANSIENT.every((e) => r.ErrorEquals.includes(e)));
      assert.ok(retrier, `${name} retries all of ${LAMBDA_TRANSIENT.join(', ')}`);
      assert.ok(retrier.BackoffRate > 1 && retrier.MaxAttempts >= 3, `${name} backs off`);
    }
  });

  test('lambdaTasks_shouldRetryKlaxonsRetryableErrors_andSlackTheLongest', () => {
    for (const [name, state] of lambdaTasks) {
      const lambda = retrierFor(state, LAMBDA_TRANSIENT[0]);
      const slack = retrierFor(state, SLACK_UNAVAILABLE);
      const store = retrierFor(state, STORE_UNAVAILABLE);
      assert.ok(slack && store, `${name} retries ${SLACK_UNAVAILABLE} and ${STORE_UNAVAILABLE}`);
      // A page must not be given up because Slack had a bad quarter of an hour.
      assert.ok(slack.MaxAttempts > lambda.MaxAttempts, `${name}: Slack gets more attempts`);
      assert.ok(totalBackoffSeconds(slack) >= 30 * 60, `${name}: Slack is retried for at least 30 minutes`);
      assert.ok(slack.IntervalSeconds > lambda.IntervalSeconds, `${name}: Slack backs off longer`);
    }
  });

  test('slackTasks_shouldRetrySlackBusy_whenTheyRetrySlackUnavailable', () => {
    // GIVEN every task that retries an unavailable Slack (SlackBusyException is a subclass, but
    // Step Functions matches error names, not Java types)
    const slackTasks = lambdaTasks.filter(([, s]) => retrierFor(s, SLACK_UNAVAILABLE));
    assert.ok(slackTasks.length >= 9);
    for (const [name, state] of slackTasks) {
      // THEN it also waits out Slack's pacing (ADR 0013): soon and often, for at least 30 minutes,
      // in a retrier of its own so pacing does not use up the outage's attempts
      const busy = retrierFor(state, SLACK_BUSY);
      assert.ok(busy, `${name} retries ${SLACK_BUSY}`);
      assert.deepEqual(busy.ErrorEquals, [SLACK_BUSY], `${name}: pacing has its own retrier`);
      assert.ok(busy.IntervalSeconds <= 3, `${name}: a paced call comes back within seconds`);
      assert.ok(totalBackoffSeconds(busy) >= 30 * 60, `${name}: pacing is waited out for at least 30 minutes`);
    }
  });

  test('notifyTasks_shouldRetryARefusingSlackForAtLeastAWeek_withinTheLimits', () => {
    // GIVEN every task that calls notify (the only function that talks to Slack) about an alert; Tell
    // only answers one person's click, through a response_url that expires in 30 minutes, and marks
    // no alert, so a week of retries would be for nobody (it ends in NotTold instead)
    const notifyTasks = lambdaTasks.filter(([n, s]) => s.Parameters.FunctionName === '${NotifyFunctionArn}'
      && s.Parameters.Payload?.op !== 'tell');
    assert.ok(notifyTasks.length >= 9, 'the workflow has its Slack steps');
    for (const [name, state] of notifyTasks) {
      // WHEN Slack refuses (a revoked token, a missing channel) THEN the step keeps going for days,
      // backing off to an hour, so the alert outlives the outage instead of failing with it
      const retrier = retrierFor(state, DELIVERY_FAILING);
      assert.ok(retrier, `${name} retries ${DELIVERY_FAILING}`);
      assert.equal(retrier.ErrorEquals.length, 1, `${name}: the long back-off is for refusals only`);
      assert.ok(totalBackoffSeconds(retrier) >= 7 * 24 * 3600, `${name}: retried for at least 7 days`);
      assert.ok(retrier.JitterStrategy === undefined || retrier.JitterStrategy === 'NONE',
        `${name}: no jitter, so the 7 days are a floor, not an average`);
      assert.equal(retrier.MaxDelaySeconds, 3600, `${name}: at least one attempt an hour`);
      assert.ok(retrier.MaxAttempts <= MAX_ATTEMPTS_LIMIT && retrier.MaxDelaySeconds <= MAX_DELAY_SECONDS_LIMIT);
      // Each attempt costs about five history events; a week of them must leave room in 25,000.
      assert.ok(retrier.MaxAttempts * 5 < 25000 / 4, `${name}: the retries fit the execution history`);
      // A rejection that escaped notify unconverted would still end the execution: nothing names it.
      assert.ok(!(state.Retry ?? []).some((r) => r.ErrorEquals.includes('io.klaxon.slack.SlackRejectedException')));
    }
  });

  test('post_shouldRetryMessageNotPostedLongerThanThePostLease_whenAnotherAttemptHoldsIt', () => {
    // GIVEN the lease one post attempt holds (NotifyService.POST_LEASE): another attempt waits it out
    const source = findJavaClass('io.klaxon.notify.NotifyService').text;
    const lease = Number(source.match(/POST_LEASE = Duration\.ofSeconds\((\d+)\)/)?.[1]);
    assert.ok(lease > 0, 'NotifyService declares POST_LEASE in seconds');
    // WHEN the Post step finds the post leased
    const retrier = retrierFor(definition.States.Post, 'io.klaxon.notify.MessageNotPostedException');
    // THEN it retries in a retrier of its own, and even the average wait (FULL jitter halves it) spans
    // the lease several times, so a stale lease is taken over before the attempts run out
    assert.ok(retrier, 'Post retries io.klaxon.notify.MessageNotPostedException');
    assert.equal(retrier.ErrorEquals.length, 1);
    assert.ok(totalBackoffSeconds(retrier) / 2 >= 3 * lease, `Post waits out a ${lease} s lease`);
  });

  test('lambdaTasks_shouldRetryAKilledFunction', () => {
    // GIVEN every lambda task, and the notify function's timeout and post lease
    const cfn = template();
    const notify = Object.values(cfn.Resources).find((r) => r.Properties?.Handler === 'io.klaxon.notify.NotifyHandler');
    const functionTimeout = notify.Properties.Timeout ?? cfn.Globals.Function.Timeout;
    const source = findJavaClass('io.klaxon.notify.NotifyService').text;
    const lease = Number(source.match(/POST_LEASE = Duration\.ofSeconds\((\d+)\)/)?.[1]);
    assert.ok(functionTimeout > 0 && lease > functionTimeout);
    for (const [name, state] of lambdaTasks) {
      // (every step is safe to run twice, Escalate and Wake once their timer's version is passed: ADR 0001)
      const retrier = retrierFor(state, KILLED[0]);
      // THEN a killed step is retried, in a retrier of its own, a few times (an OOM comes back every time)
      assert.ok(retrier, `${name} retries ${KILLED.join(' and ')}`);
      assert.deepEqual(retrier.ErrorEquals, KILLED, `${name}: a killed function has its own retrier`);
      assert.ok(retrier.MaxAttempts >= 2 && retrier.MaxAttempts <= 5, `${name}: a few attempts`);
      if (state.Parameters.FunctionName === '${NotifyFunctionArn}') {
        // ... and a notify step only once the killed attempt's post lease (and a line's, the same 45 s) ran out:
        // the attempt marked at its start and was killed at most one function timeout later; no jitter shortens it
        assert.ok(retrier.JitterStrategy === undefined || retrier.JitterStrategy === 'NONE', `${name}: no jitter`);
        assert.ok(retrier.IntervalSeconds >= lease - functionTimeout, `${name}: retried after the ${lease} s lease`);
      }
    }
  });

  test('notifyTasks_shouldRetryAStepThatGaveUpBeforeItsTimeout_atOnce', () => {
    // GIVEN every notify task (its Slack calls stop before Lambda would kill it: SlackOutOfTimeException,
    // a SlackBusyException to Java, its own name to Step Functions)
    const notifyTasks = lambdaTasks.filter(([, s]) => s.Parameters.FunctionName === '${NotifyFunctionArn}');
    for (const [name, state] of notifyTasks) {
      // THEN it is retried soon (nothing was sent, no lease to wait out), in a retrier of its own
      const retrier = retrierFor(state, 'io.klaxon.slack.SlackOutOfTimeException');
      assert.ok(retrier, `${name} retries io.klaxon.slack.SlackOutOfTimeException`);
      assert.equal(retrier.ErrorEquals.length, 1, `${name}: its own retrier`);
      assert.ok(retrier.IntervalSeconds <= 2 && retrier.MaxAttempts >= 5, `${name}: soon, and a few times`);
    }
  });

  test('errorNames_shouldNameJavaClassesOfThisRepository_whenNotStatesOrLambdaErrors', () => {
    // GIVEN every ErrorEquals of every Retry and Catch
    const named = new Set(states.flatMap(([, s]) => [...(s.Retry ?? []), ...(s.Catch ?? [])])
      .flatMap((r) => r.ErrorEquals)
      .filter((e) => !e.startsWith('States.') && !e.startsWith('Lambda.') && !KILLED.includes(e)));
    assert.ok(named.size >= 2);

    // THEN each is the binary name of an exception class in some module's src/main/java
    for (const error of named) {
      const found = findJavaClass(error);
      assert.ok(found, `${error} is not a class in any src/main/java of this repository`);
      assert.match(found.text, new RegExp(`class\\s+${found.simple}\\s+extends\\s+\\w*Exception`), `${error} is an exception`);
    }
  });

  test('waitForTaskTokenTasks_shouldTimeOut_andCatchTheTimeoutBeforeAnythingElse', () => {
    assert.equal(waitTasks.length, 3);
    for (const [name, state] of waitTasks) {
      assert.ok(state.TimeoutSeconds !== undefined || state.TimeoutSecondsPath !== undefined, `${name} has a timeout`);
      const catchers = state.Catch ?? [];
      const timeout = catchers.findIndex((c) => c.ErrorEquals.includes('States.Timeout'));
      const all = catchers.findIndex((c) => c.ErrorEquals.includes('States.ALL'));
      assert.ok(timeout >= 0, `${name} catches States.Timeout`);
      assert.ok(all === -1 || timeout < all, `${name} catches States.Timeout before States.ALL`);
      assert.equal(state.Parameters.Payload['taskToken.$'], '$$.Task.Token', `${name} hands its token to the task`);
    }
  });

  test('everyTask_shouldHaveATimeout_andAFailurePath', () => {
    for (const [name, state] of tasks) {
      assert.ok(state.TimeoutSeconds !== undefined || state.TimeoutSecondsPath !== undefined, `${name} has a timeout`);
      assert.ok((state.Catch ?? []).some((c) => c.ErrorEquals.includes('States.ALL')), `${name} decides what a final failure does`);
    }
  });

  test('lambdaPayloads_shouldBeTaskRequests_withAnOpTheFunctionServes', () => {
    // GIVEN the contract records and enums, read from the Java sources
    const fields = new Set(javaRecordComponents('io.klaxon.domain.workflow.TaskRequest'));
    const alertStates = javaEnumConstants('io.klaxon.domain.alert.AlertState');

    for (const [name, state] of lambdaTasks) {
      const { FunctionName: fn, Payload: payload } = state.Parameters;
      const placeholder = fn.match(/^\$\{(\w+)\}$/)?.[1];
      // THEN the function is a placeholder, the op one it serves, every field a TaskRequest field
      assert.ok(OPS[placeholder], `${name} calls a known function, not ${fn}`);
      assert.ok(OPS[placeholder].includes(payload.op), `${name}: ${placeholder} has no op ${payload.op}`);
      assert.ok('alertId.$' in payload, `${name} names the alert`);
      for (const key of Object.keys(payload)) {
        assert.ok(fields.has(key.replace(/\.\$$/, '')), `${name}: ${key} is not a TaskRequest field`);
      }
      if (payload.awaiting) {
        assert.ok(alertStates.includes(payload.awaiting), `${name}: awaiting ${payload.awaiting}`);
      }
      assert.ok(!('event' in payload) && !('actor' in payload), `${name}: what to tell travels as a change`);
    }
  });

  test('route_shouldSendEveryAlertStateSomewhere', () => {
    // GIVEN the states an alert can be in WHEN Route chooses on them
    const alertStates = javaEnumConstants('io.klaxon.domain.alert.AlertState');
    const routed = definition.States.Route.Choices
      .filter((c) => c.Variable === '$.step.alert.state').map((c) => c.StringEquals);

    // THEN each has its own branch, none falls to the Default failure
    assert.deepEqual([...routed].sort(), [...alertStates].sort());
  });

  test('finish_shouldStandBetweenRouteAndTheEnd_guardedLikeTheOtherLifecycleTasks', () => {
    // GIVEN Route's RESOLVED branch and the Finish task it leads to (ADR 0010, "Handover")
    const resolved = definition.States.Route.Choices.find((c) => c.StringEquals === 'RESOLVED');
    const finish = definition.States[resolved.Next];
    const outcome = definition.States[finish.Next];
    const { Adopt: adopt, Wake: wake } = definition.States;

    // THEN it asks lifecycle to finish for this very execution, retries and catches like Adopt and
    // Wake, and ends only on FINISHED; CONTINUE goes back to Route, anything else is unexpected
    assert.equal(resolved.Next, 'Finish');
    assert.equal(finish.Parameters.FunctionName, '${LifecycleFunctionArn}');
    assert.deepEqual(finish.Parameters.Payload, { op: 'finish', 'alertId.$': '$.alertId', 'execution.$': '$$.Execution.Name' });
    assert.deepEqual(finish.Retry, adopt.Retry);
    assert.deepEqual(finish.Retry, wake.Retry);
    assert.deepEqual(finish.Catch, adopt.Catch);
    assert.equal(finish.TimeoutSeconds, adopt.TimeoutSeconds);
    assert.deepEqual(finish.ResultSelector, wake.ResultSelector);
    assert.ok(!('ResultPath' in finish), 'Finish replaces the data, dropping any flag, as the other steps do');
    assert.deepEqual(outcome.Choices.map((c) => [c.Variable, c.StringEquals, c.Next]), [
      ['$.step.outcome', 'FINISHED', 'Resolved'],
      ['$.step.outcome', 'CONTINUE', 'Route'],
    ]);
    assert.equal(outcome.Default, 'UnexpectedOutcome');
    assert.equal(definition.States.Resolved.Type, 'Succeed');
  });

  test('awaits_shouldWaitInTheStateTheirRouteBranchChose', () => {
    // GIVEN Route's branches WHEN they lead to a wait THEN the wait awaits that very state and times
    // out with that state's timer
    const timers = { UNCLAIMED: 'claimTimeoutSeconds', CLAIMED: 'remindAfterSeconds', SNOOZED: 'snoozeSeconds' };
    for (const choice of definition.States.Route.Choices.filter((c) => c.Variable === '$.step.alert.state')) {
      const next = definition.States[choice.Next];
      if (next.Type !== 'Task' || next.Parameters.Payload.op !== 'await') {
        continue;
      }
      assert.equal(next.Parameters.Payload.awaiting, choice.StringEquals);
      assert.equal(next.TimeoutSecondsPath, `$.step.alert.${timers[choice.StringEquals]}`);
      assert.ok(javaRecordComponents('io.klaxon.domain.workflow.AlertRef').includes(timers[choice.StringEquals]));
    }
  });
});
