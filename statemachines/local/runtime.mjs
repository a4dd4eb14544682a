// The Node half of Klaxon's local runtime: runs the real ASL with aws-local-stepfunctions and serves
// every Task by calling back into the Java half over HTTP (see README.md for the protocol).
import './polyfill.mjs';
import { randomBytes, randomUUID } from 'node:crypto';
import { StateMachine } from 'aws-local-stepfunctions';
import { prepare, TIMEOUT_KEY, TOKEN_PLACEHOLDER } from './definition.mjs';

const EXECUTION_NAME = /^[A-Za-z0-9_-]{1,80}$/;
const FAR_FUTURE_MS = 365 * 24 * 3600 * 1000;
/** Node's timers hold at most 2^31-1 ms; longer waits are armed in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Closed tokens remembered for a clear 410 (older ones fall back to 404); a token is ~64 bytes. */
const MAX_CLOSED_TOKENS = 100_000;
/** Lambda's own ceiling for one invocation. */
const INVOKE_TIMEOUT_MS = 15 * 60 * 1000;

/** An error the library matches against Retry/Catch ErrorEquals by its name. */
export class TaskError extends Error {
  constructor(name, message) {
    super(message ?? '');
    this.name = name;
  }
}

/** A request the runtime refuses; `code` is the AWS-style error name, `status` the HTTP status. */
export class RuntimeRequestError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export class LocalRuntime {
  /**
   * @param {object} options
   * @param {string} options.definitionText the ASL as deployed, with ${Placeholders}
   * @param {object} options.substitutions  values for the placeholders
   * @param {string} options.callbackUrl    base URL of the Java half, e.g. http://127.0.0.1:8080/internal
   * @param {string} [options.stateMachineName]
   * @param {number} [options.retryIntervalMs] shortens every Retry interval (tests only)
   * @param {number} [options.retryScale] multiplies every Retry's IntervalSeconds and MaxDelaySeconds,
   *     keeping MaxAttempts, BackoffRate and jitter, so a retry budget keeps its shape in less time
   *     (tests only; retryIntervalMs, a flat interval, wins when both are given)
   * @param {number} [options.waitMs]          shortens every Wait state (tests only)
   * @param {(level: string, message: string, fields?: object) => void} [options.log]
   */
  constructor(options) {
    const { definition: prepared, tasks } = prepare(options.definitionText, options.substitutions ?? {});
    const definition = options.retryIntervalMs === undefined && options.retryScale !== undefined
      ? scaleRetries(prepared, options.retryScale) : prepared;
    this.definition = definition;
    this.tasks = tasks;
    this.callbackUrl = options.callbackUrl.replace(/\/+$/, '');
    this.stateMachineName = options.stateMachineName ?? 'alert-lifecycle';
    this.stateMachineArn = `arn:aws:states:local:000000000000:stateMachine:${this.stateMachineName}`;
    this.overrides = {
      retryIntervalOverrides: perState(definition, (s) => Array.isArray(s.Retry), options.retryIntervalMs),
      waitTimeOverrides: perState(definition, (s) => s.Type === 'Wait', options.waitMs),
    };
    this.log = options.log ?? (() => {});
    // Validates the definition once, up front: a broken ASL stops the runner before it says ready.
    this.machine = new StateMachine(definition, { validationOptions: { checkArn: true, checkPaths: true } });
    /** @type {Map<string, object>} */
    this.executions = new Map();
    /** @type {Map<string, object>} the waits still open, by token */
    this.waits = new Map();
    /** @type {Map<string, string>} how recently closed tokens ended, so late callbacks get a clear answer */
    this.closedTokens = new Map();
    this.closed = false;
  }

  // ---- executions ---------------------------------------------------------------------------

  startExecution({ name, input }) {
    if (this.closed) {
      throw new RuntimeRequestError(503, 'ServiceUnavailable', 'the runner is shutting down');
    }
    const executionName = name ?? randomUUID();
    if (typeof executionName !== 'string' || !EXECUTION_NAME.test(executionName)) {
      throw new RuntimeRequestError(400, 'InvalidName', 'name must be 1-80 characters of A-Z a-z 0-9 - _');
    }
    const parsedInput = parseJsonValue(input ?? {}, 'InvalidExecutionInput', 'input');
    const inputText = JSON.stringify(parsedInput);
    const existing = this.executions.get(executionName);
    if (existing) {
      // StartExecution is idempotent for the same name and input while the execution runs.
      if (existing.status === 'RUNNING' && existing.inputText === inputText) {
        return { executionArn: existing.executionArn, name: executionName };
      }
      throw new RuntimeRequestError(409, 'ExecutionAlreadyExists', `execution ${executionName} already exists`);
    }
    const executionArn = `arn:aws:states:local:000000000000:execution:${this.stateMachineName}:${executionName}`;
    const startDate = new Date();
    const execution = {
      name: executionName,
      executionArn,
      inputText,
      status: 'RUNNING',
      states: [],
      startDate,
      stopDate: null,
      output: undefined,
      error: undefined,
      cause: undefined,
      tokens: new Set(),
    };
    this.executions.set(executionName, execution);

    const run = this.machine.run(parsedInput, {
      overrides: { ...this.overrides, taskResourceLocalHandlers: this.handlersFor(execution) },
      context: {
        Execution: { Id: executionArn, Name: executionName, StartTime: startDate.toISOString() },
        StateMachine: { Id: this.stateMachineArn, Name: this.stateMachineName },
        Task: { Token: TOKEN_PLACEHOLDER },
      },
    });
    execution.abort = run.abort;
    this.log('info', 'execution started', { execution: executionName });
    this.reportStatus(execution);
    this.follow(execution, run);
    return { executionArn, name: executionName };
  }

  describeExecution(name) {
    const execution = this.executions.get(name);
    if (!execution) {
      throw new RuntimeRequestError(404, 'ExecutionDoesNotExist', `no execution ${name}`);
    }
    const view = {
      name: execution.name,
      executionArn: execution.executionArn,
      status: execution.status,
      startDate: execution.startDate.toISOString(),
      stopDate: execution.stopDate?.toISOString() ?? null,
      input: execution.inputText,
      states: [...execution.states],
    };
    if (execution.status === 'SUCCEEDED') {
      view.output = execution.output;
    } else if (execution.status !== 'RUNNING') {
      view.error = execution.error;
      view.cause = execution.cause;
    }
    return view;
  }

  /** Records states as they are entered and the final status once the event log has closed. */
  async follow(execution, run) {
    let failure = null;
    const drained = (async () => {
      for await (const event of run.eventLogs) {
        if (event.type === 'StateEntered') {
          execution.states.push(event.state.name);
        } else if (event.type === 'StateRetried') {
          this.log('info', 'state retried', { execution: execution.name, state: event.state.name,
            attempt: event.retry.attempt });
        } else if (event.type === 'ExecutionFailed') {
          failure = { error: event.Error, cause: typeof event.Cause === 'string' ? event.Cause : String(event.Cause) };
        }
      }
    })();
    let outcome;
    try {
      outcome = { output: await run.result };
    } catch (e) {
      outcome = { thrown: e };
    }
    await drained.catch(() => {});
    execution.stopDate = new Date();
    if ('output' in outcome) {
      execution.status = 'SUCCEEDED';
      execution.output = outcome.output;
    } else if (outcome.thrown?.name === 'ExecutionAbortedError') {
      execution.status = 'ABORTED';
      execution.error = execution.stopRequest?.error;
      execution.cause = execution.stopRequest?.cause;
    } else {
      execution.status = 'FAILED';
      execution.error = failure?.error ?? outcome.thrown?.cause?.name ?? 'States.Runtime';
      execution.cause = failure?.cause ?? outcome.thrown?.message ?? '';
    }
    // A wait can outlive its execution only through an abort: close its tokens too.
    for (const token of [...execution.tokens]) {
      this.closeWait(token, new TaskError('States.Runtime', 'execution ended'), 'execution ended');
    }
    this.log('info', 'execution ended', { execution: execution.name, status: execution.status,
      ...(execution.error ? { error: execution.error } : {}) });
    this.reportStatus(execution);
  }

  /**
   * StopExecution: aborts a running execution (status ABORTED, with the error and cause given);
   * like Step Functions, stopping an execution that has already ended changes nothing.
   */
  stopExecution(name, { error, cause } = {}) {
    const execution = this.executions.get(name);
    if (!execution) {
      throw new RuntimeRequestError(404, 'ExecutionDoesNotExist', `no execution ${name}`);
    }
    if (execution.status === 'RUNNING') {
      execution.stopRequest = {
        error: typeof error === 'string' ? error : undefined,
        cause: typeof cause === 'string' ? cause : undefined,
      };
      execution.abort?.();
    }
    return { stopDate: (execution.stopDate ?? new Date()).toISOString() };
  }

  /**
   * Tells the Java half that an execution started or ended, as Step Functions puts "Step Functions
   * Execution Status Change" events on the default bus. Best effort, like those events: a failed
   * report is logged, never retried.
   */
  reportStatus(execution) {
    if (this.closed) {
      // Shutting down aborts every execution; those are not failures to repair.
      return;
    }
    const body = {
      name: execution.name,
      status: execution.status,
      startDate: execution.startDate.getTime(),
      stopDate: execution.stopDate?.getTime() ?? null,
      input: execution.inputText,
      output: execution.status === 'SUCCEEDED' ? JSON.stringify(execution.output ?? null) : null,
      error: execution.error ?? null,
      cause: execution.cause ?? null,
    };
    fetch(`${this.callbackUrl}/execution-status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    }).then((r) => r.arrayBuffer().then(() => {
      if (!r.ok) {
        this.log('warn', 'status change not taken', { execution: execution.name, status: r.status });
      }
    })).catch((e) => this.log('warn', 'status change not delivered', { execution: execution.name,
      reason: e.cause?.code ?? e.message }));
  }

  handlersFor(execution) {
    const handlers = {};
    for (const [stateName, { kind }] of this.tasks) {
      if (kind === 'lambda') {
        handlers[stateName] = (input) => this.invokeLambda(stateName, execution, input);
      } else if (kind === 'lambdaWait') {
        handlers[stateName] = (input) => this.invokeAndWait(stateName, execution, input);
      } else {
        handlers[stateName] = (input) => this.putEvents(stateName, execution, input);
      }
    }
    return handlers;
  }

  // ---- tasks --------------------------------------------------------------------------------

  /** lambda:invoke: the Java answer becomes {Payload}, as the optimized integration returns it. */
  async invokeLambda(stateName, execution, parameters) {
    const answer = await this.callback('invoke', {
      functionName: parameters.FunctionName,
      payload: parameters.Payload,
    }, { execution: execution.name, state: stateName, kind: 'Lambda' });
    return { Payload: answer };
  }

  /**
   * lambda:invoke.waitForTaskToken: mint a token, invoke, then wait for SendTaskSuccess/Failure
   * on that token or for the task's timeout, whichever comes first. The token is registered before
   * the invoke because the function may resume the wait itself before it returns.
   */
  async invokeAndWait(stateName, execution, parameters) {
    const { [TIMEOUT_KEY]: timeoutSeconds, ...rest } = parameters;
    if (timeoutSeconds !== undefined && (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1)) {
      throw new TaskError('States.Runtime',
        `state ${stateName}: the timeout must be a positive integer number of seconds, got ${JSON.stringify(timeoutSeconds)}`);
    }
    const token = randomBytes(48).toString('base64url');
    const wait = this.openWait(token, execution, stateName, timeoutSeconds);
    try {
      await this.callback('invoke', {
        functionName: rest.FunctionName,
        payload: replaceDeep(rest.Payload, TOKEN_PLACEHOLDER, token),
      }, { execution: execution.name, state: stateName, kind: 'Lambda' });
    } catch (e) {
      if (!wait.settled) {
        this.closeWait(token, e);
      }
    }
    return wait.promise;
  }

  /** events:putEvents: hands the entries to the Java half's bus. */
  async putEvents(stateName, execution, parameters) {
    const entries = Array.isArray(parameters.Entries) ? parameters.Entries : [];
    const answer = await this.callback('put-events', { entries },
      { execution: execution.name, state: stateName, kind: 'EventBridge' });
    // A bus that reports per-entry failures answers with PutEvents' own shape; otherwise all went in.
    if (answer && Array.isArray(answer.Entries) && Number.isInteger(answer.FailedEntryCount)) {
      return { Entries: answer.Entries, FailedEntryCount: answer.FailedEntryCount };
    }
    return { Entries: entries.map(() => ({ EventId: randomUUID() })), FailedEntryCount: 0 };
  }

  async callback(path, body, where) {
    let response;
    try {
      response = await fetch(`${this.callbackUrl}/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(INVOKE_TIMEOUT_MS),
      });
    } catch (e) {
      // Like the SDK failing to reach the service: transient, so the ASL's Retry applies.
      this.log('warn', 'callback unreachable', { ...where, path, reason: e.cause?.code ?? e.name });
      throw new TaskError(`${where.kind}.SdkClientException`, `callback ${path} unreachable: ${e.cause?.code ?? e.message}`);
    }
    const text = await response.text();
    let answer;
    try {
      answer = text.length === 0 ? null : JSON.parse(text);
    } catch {
      answer = undefined;
    }
    if (response.ok) {
      if (answer === undefined) {
        throw new TaskError(`${where.kind}.ServiceException`, `callback ${path} answered ${response.status} with a body that is not JSON`);
      }
      return answer;
    }
    if (answer && typeof answer.errorType === 'string' && answer.errorType.length > 0) {
      this.log('info', 'task failed', { ...where, errorType: answer.errorType });
      throw new TaskError(answer.errorType, typeof answer.errorMessage === 'string' ? answer.errorMessage : '');
    }
    this.log('warn', 'callback failed without errorType', { ...where, path, status: response.status });
    throw new TaskError(`${where.kind}.ServiceException`, `callback ${path} answered ${response.status}`);
  }

  // ---- task tokens ------------------------------------------------------------------------------

  openWait(token, execution, stateName, timeoutSeconds) {
    const { promise, resolve, reject } = Promise.withResolvers();
    const wait = { token, execution: execution.name, stateName, settled: false, promise, resolve, reject };
    // The library may never look at this promise if its own bookkeeping ends first; keep Node quiet.
    promise.catch(() => {});
    this.waits.set(token, wait);
    execution.tokens.add(token);
    const ms = timeoutSeconds === undefined ? FAR_FUTURE_MS : timeoutSeconds * 1000;
    wait.cancelTimer = longTimer(ms, () => {
      // Close the token before the state fails, so a callback racing the timeout is refused.
      this.log('info', 'task timed out', { execution: execution.name, state: stateName });
      this.closeWait(token, new TaskError('States.Timeout', `${stateName} timed out after ${timeoutSeconds}s`), 'timeout');
    });
    return wait;
  }

  closeWait(token, error, closedBy = 'failure', output = undefined) {
    const wait = this.waits.get(token);
    if (!wait || wait.settled) {
      return;
    }
    wait.settled = true;
    wait.cancelTimer();
    this.waits.delete(token);
    this.closedTokens.set(token, closedBy);
    if (this.closedTokens.size > MAX_CLOSED_TOKENS) {
      this.closedTokens.delete(this.closedTokens.keys().next().value);
    }
    this.executions.get(wait.execution)?.tokens.delete(token);
    if (error) {
      wait.reject(error);
    } else {
      wait.resolve(output);
    }
  }

  /** SendTaskSuccess. @returns nothing; throws RuntimeRequestError for a bad or closed token */
  sendTaskSuccess({ taskToken, output }) {
    const wait = this.openWaitFor(taskToken);
    const value = parseJsonValue(output ?? {}, 'InvalidOutput', 'output');
    this.log('info', 'task resumed', { execution: wait.execution, state: wait.stateName });
    this.closeWait(taskToken, null, 'success', value);
  }

  /** SendTaskFailure. */
  sendTaskFailure({ taskToken, error, cause }) {
    const wait = this.openWaitFor(taskToken);
    const name = typeof error === 'string' && error.length > 0 ? error : 'States.TaskFailed';
    this.log('info', 'task failed by callback', { execution: wait.execution, state: wait.stateName, error: name });
    this.closeWait(taskToken, new TaskError(name, typeof cause === 'string' ? cause : ''), 'failure');
  }

  openWaitFor(taskToken) {
    if (typeof taskToken !== 'string' || taskToken.length === 0) {
      throw new RuntimeRequestError(400, 'InvalidToken', 'taskToken is required');
    }
    const closedBy = this.closedTokens.get(taskToken);
    if (closedBy) {
      throw new RuntimeRequestError(410, 'TaskTimedOut', `the task this token belonged to has already ended (${closedBy})`);
    }
    const wait = this.waits.get(taskToken);
    if (!wait) {
      throw new RuntimeRequestError(404, 'InvalidToken', 'unknown task token');
    }
    return wait;
  }

  /** Stops every execution and refuses new work. */
  close() {
    this.closed = true;
    for (const execution of this.executions.values()) {
      if (execution.status === 'RUNNING') {
        execution.abort?.();
      }
    }
    for (const token of [...this.waits.keys()]) {
      this.closeWait(token, new TaskError('States.Runtime', 'runner shut down'), 'shutdown');
    }
  }
}

/** `{stateName: value}` for the top-level states that match, or undefined when there is no value. */
/**
 * A copy of the definition whose Retry intervals and delay caps are multiplied by `scale`: the
 * back-off (BackoffRate) and the number of attempts stay, so a budget meant to outlast an outage of
 * minutes still outlasts one of scaled minutes (a flat override would spend it in seconds).
 */
function scaleRetries(definition, scale) {
  const scaled = structuredClone(definition);
  for (const state of Object.values(scaled.States)) {
    for (const retrier of Array.isArray(state.Retry) ? state.Retry : []) {
      retrier.IntervalSeconds = (retrier.IntervalSeconds ?? 1) * scale;
      if (retrier.MaxDelaySeconds !== undefined) {
        retrier.MaxDelaySeconds = retrier.MaxDelaySeconds * scale;
      }
    }
  }
  return scaled;
}

function perState(definition, matches, value) {
  if (value === undefined) {
    return undefined;
  }
  return Object.fromEntries(Object.entries(definition.States).filter(([, s]) => matches(s)).map(([n]) => [n, value]));
}

function parseJsonValue(value, code, what) {
  if (typeof value !== 'string') {
    return value;
  }
  try {
    return JSON.parse(value);
  } catch (e) {
    throw new RuntimeRequestError(400, code, `${what} is not valid JSON: ${e.message}`);
  }
}

/** Copies a JSON value, replacing every string equal to `from` by `to`. */
export function replaceDeep(value, from, to) {
  if (value === from) {
    return to;
  }
  if (Array.isArray(value)) {
    return value.map((v) => replaceDeep(v, from, to));
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceDeep(v, from, to)]));
  }
  return value;
}

/** setTimeout for any duration; returns a cancel function. */
function longTimer(ms, fn) {
  const due = Date.now() + ms;
  let handle;
  const arm = () => {
    const left = due - Date.now();
    if (left <= 0) {
      fn();
      return;
    }
    handle = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
    // A pending wait must not keep a shutting-down runner alive.
    handle.unref?.();
  };
  arm();
  return () => clearTimeout(handle);
}
