// A stand-in for the Java half of the local runtime: the callback server the runner calls for every
// Task, simulating the lifecycle, notify and escalate functions over a tiny in-memory alert model
// that follows the domain's rules (libs/domain Lifecycle / AlertService) closely enough to drive
// every path of the ASL. Like Micronaut Serialization's default (NON_EMPTY), it leaves null fields
// and empty lists out of what it returns, so the ASL is tested against what Java really sends.
import { createServer } from 'node:http';
import { once } from 'node:events';

const SYSTEM = { kind: 'system', id: 'klaxon', name: 'Klaxon' };
/** Alert.WORKFLOW_RELEASED: the workflow of an alert whose workflow finished (no execution has this name). */
export const RELEASED = '#released';

const DETAIL_TYPES = {
  OPENED: 'Alert Opened',
  REFIRED: 'Alert Refired',
  CLAIMED: 'Alert Claimed',
  UNCLAIMED: 'Alert Unclaimed',
  ESCALATED: 'Alert Escalated',
  SNOOZED: 'Alert Snoozed',
  RESOLVED: 'Alert Resolved',
};

export const DEFAULT_POLICY = {
  claimTimeoutSeconds: 30,
  remindAfterSeconds: 30,
  autoResolveOnRecovery: true,
  mentions: ['S0ONCALL'],
};

export class FakeKlaxon {
  constructor() {
    /** @type {Map<string, object>} */
    this.alerts = new Map();
    this.openByKey = new Map();
    /** every call the runner made: {functionName, op, alertId} */
    this.calls = [];
    /** every entry put on the bus, in order */
    this.published = [];
    /** every execution status change the runner reported, in order */
    this.statusChanges = [];
    /** Slack as the fake renders it: one message per alert, its updates and thread replies */
    this.slack = { posts: [], updates: [], replies: [], notes: [] };
    this.policy = { ...DEFAULT_POLICY };
    this.faults = [];
    this.busFaults = [];
    this.hooks = new Map();
    this.runner = null;
    this.server = createServer((req, res) => this.handle(req, res).catch((e) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errorType: e.errorType ?? 'fake.Bug', errorMessage: e.errorType ? e.message : e.stack }));
    }));
  }

  async listen() {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.callbackUrl = `http://127.0.0.1:${this.server.address().port}/internal`;
    return this.callbackUrl;
  }

  async close() {
    this.server.closeAllConnections();
    this.server.close();
  }

  /** The runner the fake resumes waits on (as interact and lifecycle do with SendTaskSuccess). */
  attach(runner) {
    this.runner = runner;
  }

  /** Makes the next `times` calls of `functionSuffix`/`op` fail with a Java-style error. */
  failNext(functionSuffix, op, errorType, times = 1, errorMessage = 'injected by the test') {
    this.faults.push({ functionSuffix, op, errorType, errorMessage, left: times });
  }

  /** Makes the bus reject the next `times` entries in PutEvents' result (not as an error). */
  rejectNextEntries(times = 1) {
    this.busFaults.push({ left: times });
  }

  /** Runs `fn(alertId)` once, just before the next `functionSuffix`/`op` call is served. */
  before(functionSuffix, op, fn) {
    this.hooks.set(`${functionSuffix}/${op}`, fn);
  }

  callsOf(functionSuffix, op) {
    return this.calls.filter((c) => c.functionName.endsWith(functionSuffix) && c.op === op);
  }

  detailTypes() {
    return this.published.map((e) => e.DetailType);
  }

  // ---- HTTP ---------------------------------------------------------------------------------

  async handle(req, res) {
    const chunks = [];
    for await (const chunk of req) {
      chunks.push(chunk);
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const reply = (status, value) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (req.url === '/internal/put-events') {
      const fault = this.busFaults.find((f) => f.left > 0);
      if (fault) {
        fault.left -= 1;
        return reply(200, {
          Entries: body.entries.map(() => ({ ErrorCode: 'InternalFailure', ErrorMessage: 'injected' })),
          FailedEntryCount: body.entries.length,
        });
      }
      this.published.push(...body.entries);
      return reply(200, {});
    }
    if (req.url === '/internal/execution-status') {
      this.statusChanges.push(body);
      return reply(200, {});
    }
    if (req.url !== '/internal/invoke') {
      return reply(404, { errorType: 'NotFound', errorMessage: req.url });
    }
    const { functionName, payload } = body;
    this.calls.push({ functionName, op: payload.op, alertId: payload.alertId, execution: payload.execution,
      expectedVersion: payload.expectedVersion });
    const suffix = ['lifecycle', 'notify', 'escalate'].find((s) => functionName.endsWith(`klaxon-${s}`));
    const hook = this.hooks.get(`${suffix}/${payload.op}`);
    if (hook) {
      this.hooks.delete(`${suffix}/${payload.op}`);
      await hook(payload.alertId);
    }
    const fault = this.faults.find((f) => f.left > 0 && suffix === f.functionSuffix && payload.op === f.op);
    if (fault) {
      fault.left -= 1;
      return reply(500, { errorType: fault.errorType, errorMessage: fault.errorMessage });
    }
    const handler = { lifecycle: this.lifecycle, notify: this.notify, escalate: this.escalate }[suffix];
    if (!handler) {
      return reply(500, { errorType: 'java.lang.IllegalArgumentException', errorMessage: `no function ${functionName}` });
    }
    return reply(200, nonEmpty(await handler.call(this, payload)));
  }

  // ---- the three functions ------------------------------------------------------------------

  async lifecycle(request) {
    switch (request.op) {
      case 'open':
        return this.open(request.alertId, request.signal);
      case 'await':
        return this.await(request);
      case 'wake': {
        const alert = this.require(request.alertId);
        if (alert.state !== 'SNOOZED') {
          return this.result('UNCHANGED', alert, null);
        }
        this.change(alert, alert.owner ? 'CLAIMED' : 'UNCLAIMED');
        alert.snoozeUntil = null;
        // Like LifecycleService.wake: the change (WOKE entry, its event) travels to the render step.
        return this.result('WOKE', alert, null, SYSTEM, changeOf('WOKE', alert, SYSTEM, alert.state));
      }
      case 'adopt': {
        // Like AlertService.adopt: an open alert whose recorded workflow is no longer live.
        const alert = this.require(request.alertId);
        const workflow = alert.workflow ?? alert.alertId;
        if (alert.state === 'RESOLVED') {
          return this.result('UNCHANGED', alert, null);
        }
        if (workflow !== request.execution) {
          // A released workflow finished on purpose: not live, and no execution name to describe.
          const recorded = workflow === RELEASED ? null : await this.runner.describe(workflow);
          if (recorded?.status === 'RUNNING') {
            return this.result('UNCHANGED', alert, null);
          }
          alert.workflow = request.execution;
          alert.taskToken = null;
        }
        return this.result('ADOPTED', alert, null);
      }
      case 'finish': {
        // Like AlertService.finish: the workflow read the alert RESOLVED and is about to end.
        const alert = this.require(request.alertId);
        if ((alert.workflow ?? alert.alertId) !== request.execution) {
          return this.result('FINISHED', alert, null);
        }
        if (alert.state !== 'RESOLVED') {
          return this.result('CONTINUE', alert, null);
        }
        alert.workflow = RELEASED;
        alert.taskToken = null;
        return this.result('FINISHED', alert, null);
      }
      default:
        throw new Error(`lifecycle op ${request.op}`);
    }
  }

  open(alertId, signal) {
    if (this.alerts.has(alertId)) {
      const existing = this.alerts.get(alertId);
      return this.result('OPENED', existing, null, SYSTEM, changeOf('OPENED', existing, SYSTEM, 'OPENED'));
    }
    const openId = this.openByKey.get(signal.alertKey);
    if (openId) {
      const open = this.alerts.get(openId);
      if (open.lastSignalId === signal.signalId) {
        return this.result('UNCHANGED', open, null);
      }
      open.lastSignalId = signal.signalId;
      open.refireCount += 1;
      open.version += 1;
      return this.result('REFIRED', open, null, SYSTEM, changeOf('REFIRED', open, SYSTEM, 'REFIRED'));
    }
    const alert = {
      alertId,
      alertKey: signal.alertKey,
      version: 1,
      state: 'UNCLAIMED',
      owner: null,
      escalationLevel: 0,
      refireCount: 0,
      lastSignalId: signal.signalId,
      taskToken: null,
      awaiting: null,
      tokens: [],
      snoozeUntil: null,
      ts: null,
    };
    this.alerts.set(alertId, alert);
    this.openByKey.set(signal.alertKey, alertId);
    return this.result('OPENED', alert, null, SYSTEM, changeOf('OPENED', alert, SYSTEM, 'OPENED'));
  }

  /** Stores the token, or resumes at once when the alert already moved (an action between steps). */
  async await({ alertId, awaiting, taskToken }) {
    const alert = this.require(alertId);
    alert.tokens.push(taskToken);
    if (alert.state !== awaiting) {
      // Like AlertService.awaitAction: no change to tell, the workflow only catches up with the state.
      const answer = await this.runner.succeed(taskToken, { alertId, version: alert.version, state: alert.state });
      if (answer.status !== 200) {
        throw new Error(`self-resume answered ${answer.status}`);
      }
      return this.result('WAITING', alert, null);
    }
    alert.taskToken = taskToken;
    alert.awaiting = awaiting;
    return this.result('WAITING', alert, null);
  }

  notify(request) {
    if (request.op === 'tell') {
      // Like NotifyService: a note to one person reads no alert (it may say there is none).
      this.slack.notes.push({ ...request.tell });
      return { outcome: 'DONE', alert: null, event: null, change: null };
    }
    const alert = this.require(request.alertId);
    const change = request.change ?? null;
    switch (request.op) {
      case 'post':
        if (!alert.ts) {
          alert.ts = `${1_700_000_000 + this.slack.posts.length}.000100`;
          this.slack.posts.push({ alertId: alert.alertId, ts: alert.ts });
        }
        this.slack.replies.push({ alertId: alert.alertId, text: `${change.entry.kind} by ${change.entry.actor.id}` });
        return this.result('DONE', alert, change.event, change.entry.actor);
      case 'announce':
        if (!alert.ts) {
          // Like NotifyService: an announcement never posts; it waits for the occurrence's own post.
          throw Object.assign(new Error(`alert ${alert.alertId} has no Slack message yet`),
            { errorType: 'io.klaxon.notify.MessageNotPostedException' });
        }
      // falls through: otherwise it tells the change like update
      case 'update':
        this.slack.updates.push({ alertId: alert.alertId, state: alert.state, event: change?.event ?? null, op: request.op });
        if (change) {
          this.slack.replies.push({ alertId: alert.alertId, text: `${change.entry.kind} by ${change.entry.actor.id}` });
        }
        return this.result('DONE', alert, change?.event ?? null, change?.entry.actor ?? SYSTEM);
      case 'escalation':
        this.slack.replies.push({ alertId: alert.alertId, text: `level ${alert.escalationLevel}`, mentions: this.policy.mentions });
        return this.result('DONE', alert, change.event, SYSTEM);
      case 'remind':
        this.slack.replies.push({ alertId: alert.alertId, text: 'reminder' });
        return this.result('DONE', alert, null);
      default:
        throw new Error(`notify op ${request.op}`);
    }
  }

  escalate(request) {
    const alert = this.require(request.alertId);
    if (alert.state !== 'UNCLAIMED') {
      return this.result('UNCHANGED', alert, null);
    }
    alert.escalationLevel += 1;
    alert.version += 1;
    return this.result('ESCALATED', alert, null, SYSTEM, changeOf('ESCALATED', alert, SYSTEM, 'ESCALATED'));
  }

  // ---- what people and sources do (interact's side) ------------------------------------------

  /**
   * A Slack click: applies the change conditionally, takes the token off the alert and resumes the
   * workflow with it, as AlertService.act + WorkflowResumer do.
   *
   * @returns {{applied: boolean, resumeStatus?: number}}
   */
  async act(alertId, command, user = 'U0ALICE', options = {}) {
    const alert = this.require(alertId);
    const actor = { kind: 'slack', id: user, name: user.toLowerCase() };
    const next = {
      claim: ['UNCLAIMED', 'SNOOZED'].includes(alert.state) ? 'CLAIMED' : null,
      resolve: alert.state !== 'RESOLVED' ? 'RESOLVED' : null,
      unclaim: alert.state === 'CLAIMED' ? 'UNCLAIMED' : null,
      snooze: alert.state !== 'RESOLVED' ? 'SNOOZED' : null,
    }[command];
    if (!next) {
      return { applied: false };
    }
    if (command === 'claim') {
      alert.owner = actor;
    } else if (command === 'unclaim') {
      alert.owner = null;
    } else if (command === 'snooze') {
      alert.snoozeUntil = Date.now() + (options.snoozeSeconds ?? 1) * 1000;
    }
    this.change(alert, next);
    return this.resume(alert, changeOf(next, alert, actor, next));
  }

  /** An "Alert Recovered" signal: auto-resolve unless someone owns it, else annotate. */
  async recover(alertKey) {
    const alert = this.require(this.openByKey.get(alertKey));
    if (alert.state !== 'CLAIMED' && this.policy.autoResolveOnRecovery) {
      this.change(alert, 'RESOLVED');
      return this.resume(alert, changeOf('RESOLVED', alert, SYSTEM, 'RESOLVED'));
    }
    alert.version += 1;
    return this.resume(alert, changeOf('RECOVERED', alert, SYSTEM, null));
  }

  /**
   * Hands the change to the workflow as ChangeDelivery does: resume the wait it ended, or, when no
   * wait takes it, start an announcement execution named after the alert and version.
   */
  async resume(alert, change) {
    const token = alert.taskToken;
    alert.taskToken = null;
    alert.awaiting = null;
    const outcome = { alertId: alert.alertId, version: alert.version, state: alert.state, change };
    let answer = null;
    if (token) {
      // Step Functions takes the output as a JSON string.
      answer = await this.runner.succeed(token, JSON.stringify(outcome));
      if (answer.status === 200) {
        return { applied: true, resumeStatus: 200 };
      }
    }
    const announcement = `announce-v${alert.version}-${alert.alertId}`;
    const started = await this.runner.start(announcement, { announce: outcome });
    return { applied: true, resumeStatus: answer?.status, resumeError: answer?.body?.error, announcement,
      announceStatus: started.status };
  }

  // ---- model --------------------------------------------------------------------------------

  change(alert, state) {
    alert.state = state;
    alert.version += 1;
    if (state === 'RESOLVED') {
      this.openByKey.delete(alert.alertKey);
    }
    if (state !== 'SNOOZED') {
      alert.snoozeUntil = null;
    }
  }

  require(alertId) {
    const alert = this.alerts.get(alertId);
    if (!alert) {
      throw new Error(`no alert ${alertId}`);
    }
    return alert;
  }

  /** A TaskResult as the Java tasks return it. */
  result(outcome, alert, eventType, actor = SYSTEM, change = null) {
    const snoozeSeconds = alert.state === 'SNOOZED' && alert.snoozeUntil
      ? Math.max(1, Math.round((alert.snoozeUntil - Date.now()) / 1000)) : 0;
    return {
      outcome,
      alert: {
        alertId: alert.alertId,
        version: alert.version,
        state: alert.state,
        claimTimeoutSeconds: this.policy.claimTimeoutSeconds,
        remindAfterSeconds: this.policy.remindAfterSeconds,
        snoozeSeconds,
      },
      change,
      event: eventType ? {
        source: 'klaxon',
        'detail-type': DETAIL_TYPES[eventType],
        detail: {
          schemaVersion: '1',
          alertKey: alert.alertKey,
          alertId: alert.alertId,
          version: alert.version,
          state: alert.state,
          actor,
          escalationLevel: alert.escalationLevel,
          refireCount: alert.refireCount,
          ts: alert.ts,
        },
      } : null,
    };
  }
}

/** A Change as the writers produce it: the timeline entry and the event it publishes (or null). */
function changeOf(kind, alert, actor, event) {
  return {
    entry: { at: new Date().toISOString(), version: alert.version, kind, actor, text: `${kind} by ${actor.id}` },
    event,
  };
}

/** Drops null values and empty arrays, as Micronaut Serialization does by default. */
export function nonEmpty(value) {
  if (Array.isArray(value)) {
    return value.map(nonEmpty);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value)
      .filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0))
      .map(([k, v]) => [k, nonEmpty(v)]));
  }
  return value;
}

let counter = 0;

/** An "Alert Fired" event as the bus delivers it to the state machine. */
export function alertFired(alertKey, signalId = `sig-${++counter}`) {
  return {
    version: '0',
    id: `evt-${signalId}`,
    'detail-type': 'Alert Fired',
    source: 'klaxon',
    account: '123456789012',
    time: '2026-01-05T10:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail: {
      schemaVersion: '1',
      alertKey,
      signalId,
      status: 'FIRING',
      severity: 'critical',
      title: 'CPU high on api',
      summary: 'Threshold Crossed: 1 datapoint [92.0] was greater than the threshold (80.0).',
      sourceKind: 'cloudwatch-alarm',
      account: '123456789012',
      region: 'us-east-1',
      resources: [`arn:aws:cloudwatch:us-east-1:123456789012:alarm:${alertKey}`],
      occurredAt: '2026-01-05T10:00:00Z',
      links: [],
      labels: {},
    },
  };
}

/** Unique execution names per test, as EventBridge would generate them. */
export function executionName(prefix) {
  return `${prefix}-${process.pid}-${++counter}`;
}
