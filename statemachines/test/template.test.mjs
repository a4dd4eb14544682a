// sam/template.yaml: validated by @aws/cloudformation-validate, then held to what the validator
// cannot see in SAM resources (it checks AWS::Serverless::* only shallowly): references resolve,
// handlers exist and the Makefile builds them, IAM is scoped, and the wiring the design depends on is there.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { RegoEngine, TemplateFile } from '@aws/cloudformation-validate';
import { ASL_PATH, REPOSITORY, TEMPLATE_PATH, javaModuleOf, template } from './support/repository.mjs';

const cfn = template();
const resources = cfn.Resources;
const functions = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Serverless::Function');
const [machineId, machine] = Object.entries(resources).find(([, r]) => r.Type === 'AWS::Serverless::StateMachine');
const globals = cfn.Globals.Function;

/** Policy templates this template may use (SAM's names; a typo would only fail at deploy time). */
const SAM_POLICY_TEMPLATES = new Set(['DynamoDBCrudPolicy', 'EventBridgePutEventsPolicy', 'StepFunctionsCallbackPolicy',
  'AWSSecretsManagerGetSecretValuePolicy', 'LambdaInvokePolicy', 'SQSSendMessagePolicy', 'StepFunctionsExecutionPolicy']);
const PSEUDO = new Set(['AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region',
  'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix']);

function walk(value, visit, path = []) {
  visit(value, path);
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, visit, [...path, i]));
  } else if (value !== null && typeof value === 'object') {
    Object.entries(value).forEach(([k, v]) => walk(v, visit, [...path, k]));
  }
}

/** A function's own property, else the Globals' one (as SAM merges them). */
function effective(id, property) {
  return resources[id].Properties[property] ?? globals[property];
}

/** `<Function>.Alias`: SAM's reference to the alias AutoPublishAlias generates (an alias ARN). */
const ALIAS_REFS = new Set(functions.filter(([id]) => effective(id, 'AutoPublishAlias')).map(([id]) => `${id}.Alias`));

function env(id) {
  return { ...globals.Environment.Variables, ...(resources[id].Properties.Environment?.Variables ?? {}) };
}

function policiesOf(id) {
  return resources[id].Properties.Policies ?? [];
}

function policyTemplates(id, name) {
  return policiesOf(id).filter((p) => p[name]).map((p) => p[name]);
}

/** The namespace of Klaxon's own metrics: the stack's, so that two stacks in one account never mix. */
const STACK_NAMESPACE = { 'Fn::Sub': 'Klaxon/${AWS::StackName}' };
const STACK_NAMESPACE_TEXT = STACK_NAMESPACE['Fn::Sub'];

/** The dashboard's widgets, parsed (the body is JSON whose ${…} sit inside strings). */
function dashboardWidgets() {
  return JSON.parse(resources.Dashboard.Properties.DashboardBody['Fn::Sub']).widgets;
}

/** Every metric row of the dashboard: [namespace, metric, dimension name, value …] or { expression }. */
function dashboardRows() {
  return dashboardWidgets().flatMap((w) => w.properties.metrics ?? [])
    .map((row) => (typeof row[0] === 'string' ? row.filter((x) => typeof x === 'string') : row[0]));
}

describe('sam/template.yaml', () => {
  test('template_shouldPassCloudFormationValidate_withNoWarnings', () => {
    // GIVEN the validator with its built-in rules (schemas, cfn-lint rules, Step Functions rules)
    const engine = new RegoEngine();
    try {
      // WHEN it validates the template
      const report = engine.validateStandard(new TemplateFile(TEMPLATE_PATH), { severityLevel: 'WARN' });

      // THEN it finds nothing at WARN or above, but for its one false positive: it does not know SAM's
      // `!Ref <Function>.Alias` (F1020 "is not one of"), which the SAM translator resolves to the
      // alias (cfn-lint, which translates first, accepts it). Only that exact finding is excluded.
      const aliasRef = (d) => d.ruleId === 'F1020' && [...ALIAS_REFS].some((ref) => d.message.startsWith(`'${ref}' is not one of`));
      const findings = report.diagnostics.filter((d) => !aliasRef(d));
      assert.deepEqual(findings.map((d) => `${d.ruleId} ${d.entity?.logicalId ?? ''}: ${d.message}`), []);
    } finally {
      engine.free();
    }
  });

  test('references_shouldResolve_toParametersResourcesOrWhatSamGenerates', () => {
    // GIVEN every Ref, GetAtt and ${…} in a Sub
    const known = new Set([...Object.keys(cfn.Parameters), ...Object.keys(resources), ...PSEUDO, ...ALIAS_REFS]);
    const generated = (name) => {
      const [id, attribute] = name.split('.');
      return resources[id] !== undefined && (attribute === undefined || /^[A-Z]\w*$/.test(attribute));
    };
    const broken = [];
    walk(cfn, (value, path) => {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        return;
      }
      if (typeof value.Ref === 'string' && !known.has(value.Ref)) {
        broken.push(`${path.join('.')}: Ref ${value.Ref}`);
      }
      if (Array.isArray(value['Fn::GetAtt']) && !resources[value['Fn::GetAtt'][0]]) {
        broken.push(`${path.join('.')}: GetAtt ${value['Fn::GetAtt'].join('.')}`);
      }
      const sub = value['Fn::Sub'];
      const [text, vars] = Array.isArray(sub) ? sub : [sub, {}];
      if (typeof text === 'string') {
        for (const [, name] of text.matchAll(/\$\{([^}!]+)\}/g)) {
          if (!known.has(name) && !(name in vars) && !generated(name)) {
            broken.push(`${path.join('.')}: Sub \${${name}}`);
          }
        }
      }
    });

    // THEN none is dangling
    assert.deepEqual(broken, []);
  });

  test('functions_shouldRunHandlersThatExist_builtByTheRepositoryMakefile', () => {
    assert.deepEqual(functions.map(([id]) => id).sort(), ['DeliverFunction', 'EscalateFunction', 'IngestFunction',
      'InteractFunction', 'LifecycleFunction', 'NotifyFunction', 'ReconcileFunction', 'RecoveryFunction']);
    const makefile = readFileSync(join(REPOSITORY, 'Makefile'), 'utf8');
    for (const [id, fn] of functions) {
      // GIVEN the handler class WHEN looked up in the sources
      const module = javaModuleOf(fn.Properties.Handler);
      assert.ok(module, `${id}: no source for ${fn.Properties.Handler}`);

      // THEN its module builds a shaded jar, and sam build makes the function with the repository's
      // Makefile (test/sam-build.test.mjs runs that build and loads the handler from the artifact)
      assert.match(readFileSync(join(REPOSITORY, module, 'pom.xml'), 'utf8'), /maven-shade-plugin/, `${module} builds the shaded -lambda jar`);
      assert.equal(resolve(dirname(TEMPLATE_PATH), fn.Properties.CodeUri), REPOSITORY, `${id} CodeUri`);
      assert.equal(fn.Metadata?.BuildMethod, 'makefile', `${id} Metadata.BuildMethod`);
      assert.match(makefile, new RegExp(`^build-${id}:`, 'm'), `Makefile has no build-${id} target`);
    }
    assert.equal(globals.Runtime, 'java21');
  });

  test('iam_shouldBeScoped_withResourceStarOnlyWhereAwsRequiresIt', () => {
    // GIVEN every inline statement and every policy template in the template
    const statements = [];
    walk(cfn, (value) => {
      if (value && typeof value === 'object' && 'Effect' in value && 'Action' in value) {
        statements.push(value);
      }
    });
    for (const [id, resource] of [...functions, [machineId, machine]]) {
      // A conditional policy (!If [condition, policy, !Ref AWS::NoValue]) is held to the same rules.
      const listed = policiesOf(id).flatMap((p) => (p['Fn::If'] ? p['Fn::If'].slice(1) : [p]))
        .filter((p) => p?.Ref !== 'AWS::NoValue');
      for (const policy of listed) {
        if (typeof policy === 'string') {
          assert.fail(`${id} uses the managed policy ${policy}; use a scoped policy template`);
        }
        if (!policy.Statement) {
          const [name] = Object.keys(policy);
          assert.ok(SAM_POLICY_TEMPLATES.has(name), `${id} uses unknown policy template ${name}`);
          assert.ok(Object.values(policy[name]).every((v) => v !== '*'), `${id}: ${name} names its resource`);
        }
      }
      assert.equal(resource.Properties.Role, undefined, `${id} gets the role SAM scopes from its policies`);
    }

    // THEN "*" appears only for CloudWatch Logs' vended log delivery and X-Ray's writes (neither has
    // resource-level permissions)
    const star = statements.filter((s) => [s.Resource].flat().includes('*'));
    assert.equal(star.length, 2);
    assert.ok(star.every((s) => [s.Action].flat().every((a) =>
      /^logs:(\w+LogDelivery|ListLogDeliveries|PutResourcePolicy|DescribeResourcePolicies|DescribeLogGroups)$/.test(a)
      || /^xray:(PutTraceSegments|PutTelemetryRecords|GetSamplingRules|GetSamplingTargets)$/.test(a))));
    assert.ok(statements.every((s) => ![s.Action].flat().some((a) => a === '*' || a.endsWith(':*'))), 'no wildcard actions');
  });

  test('stateMachine_shouldRunTheAslFile_withItsFunctionsAndBus', () => {
    // GIVEN the state machine resource
    const p = machine.Properties;

    // THEN it is a Standard workflow over the committed ASL, invoking exactly its three functions
    assert.equal(p.Type, 'STANDARD');
    assert.equal(resolve(dirname(TEMPLATE_PATH), p.DefinitionUri), ASL_PATH);
    assert.equal(resources[p.DefinitionSubstitutions.LifecycleFunctionArn.Ref.replace(/\.Alias$/, '')].Properties.Handler, 'io.klaxon.lifecycle.LifecycleHandler');
    assert.equal(resources[p.DefinitionSubstitutions.NotifyFunctionArn.Ref.replace(/\.Alias$/, '')].Properties.Handler, 'io.klaxon.notify.NotifyHandler');
    assert.equal(resources[p.DefinitionSubstitutions.EscalateFunctionArn.Ref.replace(/\.Alias$/, '')].Properties.Handler, 'io.klaxon.escalate.EscalateHandler');
    assert.deepEqual(policyTemplates(machineId, 'LambdaInvokePolicy').map((x) => x.FunctionName.Ref).sort(),
      ['EscalateFunction', 'LifecycleFunction', 'NotifyFunction']);
    assert.deepEqual(policyTemplates(machineId, 'EventBridgePutEventsPolicy'), [{ EventBusName: { Ref: 'KlaxonBus' } }]);
    assert.deepEqual(p.DefinitionSubstitutions.EventBusName, { Ref: 'KlaxonBus' });
    // Task inputs carry callback tokens: never log execution data.
    assert.equal(p.Logging.IncludeExecutionData, false);
  });

  test('callbacks_shouldBeAllowedOnThisStateMachineOnly_forTheFunctionsThatResumeIt', () => {
    const resumers = functions.filter(([id]) => policyTemplates(id, 'StepFunctionsCallbackPolicy').length > 0)
      .map(([, fn]) => fn.Properties.Handler).sort();
    assert.deepEqual(resumers, ['io.klaxon.interact.InteractHandler', 'io.klaxon.interact.RecoveryHandler',
      'io.klaxon.lifecycle.LifecycleHandler']);
    for (const [id] of functions) {
      for (const policy of policyTemplates(id, 'StepFunctionsCallbackPolicy')) {
        assert.deepEqual(policy.StateMachineName, machine.Properties.Name, `${id} names the state machine`);
      }
    }
  });

  test('secrets_shouldBeReadableExactlyWhereTheirArnIsConfigured', () => {
    // GIVEN the ARN variables the Java code reads
    const javaReads = ['SLACK_BOT_TOKEN_SECRET_ARN', 'SLACK_SIGNING_SECRET_SECRET_ARN', 'KLAXON_DESTINATION_SECRETS_ARN'];
    const isSecretArn = (k) => k.endsWith('_SECRET_ARN') || k.endsWith('_SECRETS_ARN');
    for (const [id] of functions) {
      const vars = env(id);
      const readable = policyTemplates(id, 'AWSSecretsManagerGetSecretValuePolicy').map((x) => x.SecretArn.Ref).sort();
      const configured = Object.entries(vars).filter(([k]) => isSecretArn(k)).map(([, v]) => v.Ref).sort();
      // THEN a function may read a secret if and only if it is told its ARN
      assert.deepEqual(readable, configured, id);
      for (const name of Object.keys(vars).filter(isSecretArn)) {
        assert.ok(javaReads.includes(name), `${id}: ${name} is read by no Java code`);
      }
    }
    assert.ok(javaReads.every((name) => functions.some(([id]) => name in env(id))));
    assert.equal(cfn.Parameters.SlackBotTokenSecretArn.NoEcho, true);
  });

  test('configuration_shouldSetEveryPropertyTheJavaCodeReads', () => {
    // GIVEN the configuration keys read with @Value("${…}") in the Lambda modules
    const keys = new Set();
    for (const module of ['libs/aws', 'libs/slack', 'libs/domain', ...functions.map(([, f]) => javaModuleOf(f.Properties.Handler))]) {
      walkJava(join(REPOSITORY, module, 'src', 'main', 'java'), (text) => {
        for (const [, key] of text.matchAll(/\$\{((?:klaxon|slack)\.[a-z.]+)(?::[^}]*)?\}/g)) {
          keys.add(key);
        }
      });
    }
    assert.ok(keys.has('klaxon.table'));

    // THEN each is set from the template, as an environment variable (Micronaut maps KLAXON_TABLE to
    // klaxon.table); secrets come as *_SECRET_ARN instead
    const all = new Set(functions.flatMap(([id]) => Object.keys(env(id))));
    for (const key of keys) {
      const variable = key.toUpperCase().replaceAll('.', '_');
      assert.ok(all.has(variable) || all.has(`${variable}_SECRET_ARN`), `${key} (${variable}) is not set`);
    }
  });

  test('busRules_shouldStartTheWorkflowAndDeliverRecoveries_withoutLosingEvents', () => {
    const fired = machine.Properties.Events.AlertFired;
    assert.equal(fired.Type, 'EventBridgeRule');
    assert.deepEqual(fired.Properties.EventBusName, { Ref: 'KlaxonBus' });
    assert.deepEqual(fired.Properties.Pattern, { source: ['klaxon'], 'detail-type': ['Alert Fired'] });
    assert.ok(fired.Properties.DeadLetterConfig && fired.Properties.RetryPolicy);

    const [recoveryId, recovery] = functions.find(([, f]) => f.Properties.Handler === 'io.klaxon.interact.RecoveryHandler');
    const recovered = recovery.Properties.Events.AlertRecovered;
    assert.deepEqual(recovered.Properties.Pattern, { source: ['klaxon'], 'detail-type': ['Alert Recovered'] });
    assert.ok(recovered.Properties.DeadLetterConfig, `${recoveryId}: undeliverable recoveries are kept`);

    // Functions invoked asynchronously keep what they fail on.
    for (const handler of ['io.klaxon.ingest.IngestHandler', 'io.klaxon.interact.RecoveryHandler']) {
      const [id, fn] = functions.find(([, f]) => f.Properties.Handler === handler);
      const onFailure = fn.Properties.EventInvokeConfig?.DestinationConfig?.OnFailure;
      assert.equal(onFailure?.Type, 'SQS', `${id} has a failure destination`);
      assert.equal(resources[onFailure.Destination['Fn::GetAtt'][0]].Type, 'AWS::SQS::Queue');
    }
  });

  test('reconcile_shouldTakeThisStateMachinesBadEndingsFromTheDefaultBus_withLeastPrivilege', () => {
    // GIVEN the reconcile function
    const [id, fn] = functions.find(([, f]) => f.Properties.Handler === 'io.klaxon.lifecycle.ReconcileHandler');
    const rule = Object.values(fn.Properties.Events)[0];
    // THEN its rule is on the default bus (no EventBusName), for this state machine's FAILED/TIMED_OUT/ABORTED
    assert.equal(rule.Type, 'EventBridgeRule');
    assert.equal(rule.Properties.EventBusName, undefined);
    assert.deepEqual(rule.Properties.Pattern, {
      source: ['aws.states'],
      'detail-type': ['Step Functions Execution Status Change'],
      detail: { status: ['FAILED', 'TIMED_OUT', 'ABORTED'], stateMachineArn: [{ Ref: machineId }] },
    });
    assert.ok(rule.Properties.DeadLetterConfig && rule.Properties.RetryPolicy);
    assert.equal(fn.Properties.EventInvokeConfig?.DestinationConfig?.OnFailure?.Type, 'SQS', `${id} keeps its failures`);
    // AND it may start and describe this state machine's executions, nothing more of Step Functions
    assert.deepEqual(policyTemplates(id, 'StepFunctionsExecutionPolicy'), [{ StateMachineName: { 'Fn::GetAtt': [machineId, 'Name'] } }]);
    const inline = fn.Properties.Policies.filter((x) => x.Statement).flatMap((x) => x.Statement);
    assert.deepEqual(inline.map((x) => x.Action), ['states:DescribeExecution']);
    assert.match(inline[0].Resource['Fn::Sub'], /:execution:\$\{AWS::StackName\}-alert-lifecycle:\*$/);
  });

  test('everyFunction_shouldStartFromASnapStartSnapshot_behindTheAliasLive', () => {
    for (const [id] of functions) {
      // GIVEN a function WHEN its own properties are merged with the Globals THEN SnapStart applies to
      // the versions it publishes, behind the alias "live"
      assert.deepEqual(effective(id, 'SnapStart'), { ApplyOn: 'PublishedVersions' }, `${id} SnapStart`);
      assert.equal(effective(id, 'AutoPublishAlias'), 'live', `${id} AutoPublishAlias`);
    }
  });

  test('everyInvoker_shouldTargetTheAlias_neverTheUnqualifiedFunction', () => {
    // GIVEN every function's logical id
    const isFunction = (id) => resources[id]?.Type === 'AWS::Serverless::Function';
    const aliasOf = (value) => (typeof value?.Ref === 'string' && ALIAS_REFS.has(value.Ref) ? value.Ref : null);

    // WHEN the state machine's definition, the rules and the permissions name one
    const substitutions = Object.entries(machine.Properties.DefinitionSubstitutions).filter(([k]) => k.endsWith('FunctionArn'));
    const rules = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Events::Rule');
    const permissions = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Lambda::Permission');

    // THEN each names the alias (SAM points the functions' own Events, SNS, HttpApi and EventBridgeRule,
    // at the alias by itself)
    assert.ok(substitutions.length >= 3);
    for (const [key, value] of substitutions) {
      assert.ok(aliasOf(value), `DefinitionSubstitutions.${key} must be !Ref <Function>.Alias, is ${JSON.stringify(value)}`);
    }
    for (const [id, rule] of rules) {
      for (const target of rule.Properties.Targets) {
        const named = target.Arn?.Ref ?? target.Arn?.['Fn::GetAtt']?.[0];
        if (isFunction(named) || aliasOf(target.Arn)) {
          assert.ok(aliasOf(target.Arn), `${id} target ${target.Id} must be !Ref <Function>.Alias`);
        }
      }
    }
    for (const [id, permission] of permissions) {
      assert.ok(aliasOf(permission.Properties.FunctionName), `${id}.FunctionName must be !Ref <Function>.Alias`);
    }
    // AND no function's unqualified ARN is used anywhere (metrics and names may use !Ref <Function>)
    const unqualified = [];
    walk(cfn, (value, path) => {
      const att = value?.['Fn::GetAtt'];
      if (Array.isArray(att) && isFunction(att[0]) && att[1] === 'Arn') {
        unqualified.push(path.join('.'));
      }
    });
    assert.deepEqual(unqualified, []);
    // AND the state machine may invoke the alias: SAM's LambdaInvokePolicy grants function:<name>*
    const invokable = policyTemplates(machineId, 'LambdaInvokePolicy').map((p) => `${p.FunctionName.Ref}.Alias`).sort();
    assert.deepEqual(invokable, substitutions.map(([, v]) => v.Ref).sort());
  });

  test('interact_shouldAnswerSlackFromASnapStartAlias_onTwoPostRoutes', () => {
    const [interactId, interact] = functions.find(([, f]) => f.Properties.Handler === 'io.klaxon.interact.InteractHandler');
    assert.deepEqual(effective(interactId, 'SnapStart'), { ApplyOn: 'PublishedVersions' });
    assert.equal(effective(interactId, 'AutoPublishAlias'), 'live');
    const routes = Object.values(interact.Properties.Events).map((e) => `${e.Type} ${e.Properties.Method} ${e.Properties.Path}`).sort();
    assert.deepEqual(routes, ['HttpApi POST /slack/actions', 'HttpApi POST /slack/commands']);
  });

  test('table_shouldHaveTheStoresKeys_payPerRequest_ttlAndPointInTimeRecovery', () => {
    const table = Object.values(resources).find((r) => r.Type === 'AWS::DynamoDB::Table').Properties;
    assert.deepEqual(table.KeySchema, [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }]);
    assert.equal(table.BillingMode, 'PAY_PER_REQUEST');
    assert.deepEqual(table.TimeToLiveSpecification, { AttributeName: 'expiresAt', Enabled: true });
    assert.equal(table.PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled, true);
  });

  test('outputs_shouldTellTheUserWhatToWireUp', () => {
    assert.deepEqual(Object.keys(cfn.Outputs).sort(), ['AlarmTopicArn', 'DashboardName', 'EventBusArn', 'EventBusName',
      'OperationsTopicArn', 'SlackCommandsUrl', 'SlackInteractivityUrl', 'StateMachineArn', 'TableName']);
    assert.ok(cfn.Outputs.AlarmTopicArn.Export);
  });

  test('slackDeliveryFailing_shouldRaiseAnAlarmOnTheOperationsTopic_notThroughSlack', () => {
    // GIVEN the line notify logs when Slack refuses a step (the constant in NotifyService)
    const source = readFileSync(join(REPOSITORY, 'services/notify/src/main/java/io/klaxon/notify/NotifyService.java'), 'utf8');
    const word = source.match(/DELIVERY_FAILING_LOG\s*=\s*"([^"]+)"/)?.[1];
    assert.ok(word, 'NotifyService names the word it logs');

    // WHEN the template counts it THEN the filter reads notify's log group for that very word
    const filters = Object.values(resources).filter((r) => r.Type === 'AWS::Logs::MetricFilter');
    const filter = filters.find((f) => f.Properties.FilterPattern === `"${word}"`);
    assert.ok(filter, `a metric filter matches "${word}"`);
    const notify = functions.find(([, f]) => f.Properties.Handler === 'io.klaxon.notify.NotifyHandler');
    assert.deepEqual(filter.Properties.LogGroupName, notify[1].Properties.LoggingConfig.LogGroup);
    const [metric] = filter.Properties.MetricTransformations;

    // AND an alarm on that metric goes to the operations topic, not to the AlarmTopic (which is Slack)
    const alarm = Object.values(resources).find((r) => r.Type === 'AWS::CloudWatch::Alarm'
      && r.Properties.MetricName === metric.MetricName
      && JSON.stringify(r.Properties.Namespace) === JSON.stringify(metric.MetricNamespace));
    assert.ok(alarm, 'an alarm watches the metric');
    assert.deepEqual(alarm.Properties.AlarmActions, [{ Ref: 'OperationsTopic' }]);
    assert.equal(resources.OperationsTopic.Type, 'AWS::SNS::Topic');
    assert.equal(resources.OperationsEmailSubscription.Condition, 'OperationsEmailSet');
  });

  test('dashboard_shouldShowOnlyMetricsTheCodeEmits', () => {
    // GIVEN the Klaxon metric names the dashboard shows
    const body = resources.Dashboard.Properties.DashboardBody['Fn::Sub'];
    const shown = new Set([...body.matchAll(/MetricName=\\"(\w+)\\"|"Klaxon\/\$\{AWS::StackName\}", "(\w+)"/g)].map((m) => m[1] ?? m[2]));
    assert.ok(shown.size >= 10, `the dashboard shows Klaxon's metrics: ${[...shown]}`);
    // WHEN the Java sources and the template are searched for them
    let sources = '';
    for (const module of ['libs/metrics', 'libs/slack', 'services/ingest', 'services/deliver']) {
      walkJava(join(REPOSITORY, module, 'src', 'main', 'java'), (text) => { sources += text; });
    }
    const lifecycle = ['Opened', 'Refired', 'Claimed', 'Unclaimed', 'Escalated', 'Snoozed', 'Resolved'].map((t) => `Alerts${t}`);
    const filters = Object.values(resources).filter((r) => r.Type === 'AWS::Logs::MetricFilter')
      .flatMap((r) => r.Properties.MetricTransformations.map((t) => t.MetricName));
    // THEN each is written by the code (a literal, or one per lifecycle event type) or by a metric filter
    for (const name of shown) {
      assert.ok(sources.includes(`"${name}"`) || lifecycle.includes(name) || filters.includes(name), `${name} is emitted`);
    }
  });

  test('names_shouldDeriveFromTheStackName_andFitEventBridgesLimits', () => {
    // GIVEN the bus and every rule the template names
    assert.deepEqual(resources.KlaxonBus.Properties.Name, { Ref: 'AWS::StackName' });
    const ruleNames = [];
    walk(cfn, (value) => {
      if (value && typeof value === 'object') {
        for (const key of ['RuleName', 'Name']) {
          const sub = value[key]?.['Fn::Sub'];
          if (typeof sub === 'string' && sub.startsWith('${AWS::StackName}-') && (key === 'RuleName' || value.EventPattern)) {
            ruleNames.push(sub);
          }
        }
      }
    });
    assert.ok(ruleNames.length >= 8, `the rules are named: ${ruleNames}`);
    // THEN each is <stack>-<suffix>, and a stack name of up to 46 characters keeps it within 64
    for (const name of ruleNames) {
      const suffix = name.slice('${AWS::StackName}'.length);
      assert.ok(46 + suffix.length <= 64, `${name}: ${suffix} is too long for a 46-character stack name`);
    }
  });

  test('selfAlarms_shouldCoverEveryFunctionQueueTheStateMachineAndTheApi_onTheOperationsTopic', () => {
    // GIVEN every alarm of the template, and what each one watches
    const alarms = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm');
    const watched = (alarm) => {
      const stats = alarm.Properties.Metrics
        ? alarm.Properties.Metrics.filter((m) => m.MetricStat).map((m) => m.MetricStat.Metric)
        : [{ Namespace: alarm.Properties.Namespace, MetricName: alarm.Properties.MetricName, Dimensions: alarm.Properties.Dimensions }];
      return stats.map((m) => ({ namespace: m.Namespace, metric: m.MetricName,
        target: JSON.stringify((m.Dimensions ?? []).map((d) => d.Value)) }));
    };
    const covers = (namespace, metric, ref) => alarms.some(([, a]) => watched(a).some((w) =>
      w.namespace === namespace && w.metric === metric && w.target.includes(JSON.stringify(ref).slice(1, -1))));

    // THEN each function has its errors and throttles watched, each queue its depth
    for (const [id] of functions) {
      assert.ok(covers('AWS/Lambda', 'Errors', { Ref: id }), `${id}: an alarm on Errors`);
      assert.ok(covers('AWS/Lambda', 'Throttles', { Ref: id }), `${id}: an alarm on Throttles`);
    }
    for (const [id] of Object.entries(resources).filter(([, r]) => r.Type === 'AWS::SQS::Queue')) {
      assert.ok(covers('AWS/SQS', 'ApproximateNumberOfMessagesVisible', { 'Fn::GetAtt': [id, 'QueueName'] }), `${id}: a depth alarm`);
    }
    // AND the state machine's failed, timed-out and stopped executions, and the API's 5xx
    for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted']) {
      assert.ok(covers('AWS/States', metric, { Ref: machineId }), `an alarm on ${metric}`);
    }
    assert.ok(covers('AWS/ApiGateway', '5xx', { Ref: 'SlackApi' }), 'an alarm on the API\'s 5xx');
    // AND Slack's errors (5xx, unreachable, refusals: SlackErrors, counted per Method), summed over every
    // method in this stack's namespace, not only the refusals the SlackDeliveryFailing filter counts
    const slackErrors = alarms.filter(([, a]) => (a.Properties.Metrics ?? []).some((m) => m.Expression?.['Fn::Sub']
      === `SELECT SUM(SlackErrors) FROM SCHEMA("${STACK_NAMESPACE_TEXT}", Method)` && m.ReturnData));
    assert.equal(slackErrors.length, 1, 'an alarm on SlackErrors');
    const slackErrorsAlarm = slackErrors[0][1].Properties;
    assert.ok(slackErrorsAlarm.Threshold >= 1 && slackErrorsAlarm.EvaluationPeriods >= 1, 'SlackErrors alarm has a threshold');
    // AND notify's steps paced by Slack's budget (errors by design, retried by the workflow) do not page
    const notifyErrors = resources.NotifyFunctionErrorsAlarm.Properties.Metrics;
    const paced = notifyErrors.find((m) => m.MetricStat?.Metric.MetricName === 'NotifyStepsPaced');
    assert.deepEqual(paced?.MetricStat.Metric.Namespace, STACK_NAMESPACE, 'the paced steps are counted by notify, in this stack');
    assert.match(notifyErrors.find((m) => m.Expression).Expression, new RegExp(`- FILL\\(${paced.Id}, 0\\)`),
      'and subtracted from its errors');
    // AND ingest's deliveries deferred behind an earlier one still publishing (errors by design, retried by Lambda)
    const ingestErrors = resources.IngestFunctionErrorsAlarm.Properties.Metrics;
    const deferred = ingestErrors.find((m) => m.MetricStat?.Metric.MetricName === 'IngestDeferred');
    assert.deepEqual(deferred?.MetricStat.Metric.Namespace, STACK_NAMESPACE, 'the deferred deliveries are counted by ingest, in this stack');
    assert.match(ingestErrors.find((m) => m.Expression).Expression, new RegExp(`- FILL\\(${deferred.Id}, 0\\)`),
      'and subtracted from its errors');
    // AND every one reaches people without Klaxon: the operations topic, never the AlarmTopic; a
    // metric that is absent while idle is not a breach, and a math expression fills its gaps
    for (const [id, alarm] of alarms) {
      assert.deepEqual(alarm.Properties.AlarmActions, [{ Ref: 'OperationsTopic' }], id);
      assert.deepEqual(alarm.Properties.OKActions, [{ Ref: 'OperationsTopic' }], id);
      assert.equal(alarm.Properties.TreatMissingData, 'notBreaching', id);
      const expression = alarm.Properties.Metrics?.find((m) => m.Expression)?.Expression;
      if (expression) {
        for (const m of alarm.Properties.Metrics.filter((x) => x.MetricStat)) {
          assert.ok(expression.includes(`FILL(${m.Id}, 0)`), `${id}: ${m.Id} is filled when absent`);
        }
      }
    }
  });

  test('securityFindings_shouldBeFilteredBySeverityFloor_workflowStatusAndRecordState_forEachFloor', () => {
    // GIVEN the floor parameter, the two rules and a small evaluator of the template's intrinsics for a floor
    const floor = cfn.Parameters.FindingSeverityFloor;
    assert.deepEqual(floor.AllowedValues, ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);
    assert.equal(floor.Default, 'HIGH');
    const evaluate = (value, parameters) => {
      if (Array.isArray(value)) {
        return value.map((v) => evaluate(v, parameters));
      }
      if (value === null || typeof value !== 'object') {
        return value;
      }
      if (value.Ref !== undefined) {
        return parameters[value.Ref] ?? cfn.Parameters[value.Ref].Default;
      }
      if (value['Fn::Equals']) {
        const [a, b] = evaluate(value['Fn::Equals'], parameters);
        return a === b;
      }
      if (value['Fn::If']) {
        const [condition, yes, no] = value['Fn::If'];
        return evaluate(evaluate(cfn.Conditions[condition], parameters) ? yes : no, parameters);
      }
      if (value['Fn::FindInMap']) {
        const [map, key, name] = evaluate(value['Fn::FindInMap'], parameters);
        return cfn.Mappings[map][key][name];
      }
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluate(v, parameters)]));
    };
    const levels = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
    // GuardDuty's bands start at 1.0, 4.0, 7.0 and 9.0 (guardduty_findings-severity.html)
    const guardDutyFloor = { LOW: 1, MEDIUM: 4, HIGH: 7, CRITICAL: 9 };
    const guardDuty = resources.GuardDutyFindingsRule;
    const securityHub = resources.SecurityHubFindingsRule;

    for (const level of levels) {
      // WHEN the rules are deployed with that floor
      const gd = evaluate(guardDuty.Properties.EventPattern, { FindingSeverityFloor: level });
      const sh = evaluate(securityHub.Properties.EventPattern, { FindingSeverityFloor: level });

      // THEN GuardDuty findings are taken from the band's lower bound, as a JSON number
      assert.deepEqual(gd.source, ['aws.guardduty']);
      assert.deepEqual(gd['detail-type'], ['GuardDuty Finding']);
      assert.deepEqual(gd.detail.severity, [{ numeric: ['>=', guardDutyFloor[level]] }], level);
      // AND Security Hub findings with a label at or above it, new or notified, and active
      assert.deepEqual(sh.source, ['aws.securityhub']);
      assert.deepEqual(sh['detail-type'], ['Security Hub Findings - Imported']);
      assert.deepEqual(sh.detail.findings.Severity.Label, levels.slice(levels.indexOf(level)), level);
      assert.deepEqual(sh.detail.findings.Workflow.Status, ['NEW', 'NOTIFIED']);
      assert.deepEqual(sh.detail.findings.RecordState, ['ACTIVE']);
    }
    // AND both are switched by IngestSecurityFindings, target ingest's alias, and may invoke it
    for (const id of ['GuardDutyFindingsRule', 'SecurityHubFindingsRule']) {
      assert.equal(resources[id].Condition, 'IngestSecurityFindingsOn', id);
      assert.deepEqual(resources[id].Properties.Targets.map((t) => t.Arn), [{ Ref: 'IngestFunction.Alias' }]);
      const permission = resources[`${id}Permission`];
      assert.equal(permission.Condition, 'IngestSecurityFindingsOn', `${id}Permission`);
      assert.deepEqual(permission.Properties.FunctionName, { Ref: 'IngestFunction.Alias' }, `${id}Permission`);
      assert.deepEqual(permission.Properties.SourceArn, { 'Fn::GetAtt': [id, 'Arn'] });
    }
  });

  test('alarmTopicPolicy_shouldLetTheServicesUsersPointAtItPublish_eachFromThisAccountOnly', () => {
    // GIVEN the alarm topic's policy
    const policy = resources.AlarmTopicPolicy.Properties;
    assert.deepEqual(policy.Topics, [{ Ref: 'AlarmTopic' }]);
    const statements = policy.PolicyDocument.Statement;

    // THEN exactly these services may publish, each only on behalf of this account
    const services = ['cloudwatch.amazonaws.com', 'budgets.amazonaws.com', 'events.amazonaws.com',
      'backup.amazonaws.com', 'codestar-notifications.amazonaws.com'];
    assert.deepEqual(statements.map((s) => s.Principal.Service).sort(), [...services].sort());
    for (const statement of statements) {
      const service = statement.Principal.Service;
      assert.equal(statement.Effect, 'Allow', service);
      assert.deepEqual([statement.Action].flat(), ['sns:Publish'], service);
      assert.deepEqual(statement.Resource, { Ref: 'AlarmTopic' }, service);
      assert.deepEqual(statement.Condition, { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }, service);
    }
  });

  test('tracing_shouldApplyToEveryFunctionAndTheStateMachine_withTheirXRayPermissions', () => {
    // GIVEN the Tracing parameter
    const tracing = cfn.Parameters.Tracing;
    assert.deepEqual(tracing.AllowedValues, ['Active', 'PassThrough', 'Disabled']);
    assert.equal(tracing.Default, 'Disabled');
    assert.deepEqual(cfn.Conditions.TracingActive, { 'Fn::Equals': [{ Ref: 'Tracing' }, 'Active'] });

    // THEN every function takes it from Globals (SAM adds the X-Ray write policy unless Disabled), none overrides it
    assert.deepEqual(globals.Tracing, { Ref: 'Tracing' });
    for (const [id, resource] of functions) {
      assert.equal(resource.Properties.Tracing, undefined, `${id} keeps the global Tracing`);
    }
    // AND the state machine traces when Active, with the X-Ray writes granted on the same condition
    // (SAM adds them itself only for a literal `Enabled: true`)
    assert.deepEqual(machine.Properties.Tracing, { Enabled: { 'Fn::If': ['TracingActive', true, false] } });
    const conditional = policiesOf(machineId).filter((p) => p['Fn::If']);
    assert.equal(conditional.length, 1);
    const [condition, granted, otherwise] = conditional[0]['Fn::If'];
    assert.equal(condition, 'TracingActive');
    assert.deepEqual(otherwise, { Ref: 'AWS::NoValue' });
    assert.deepEqual(granted.Statement.flatMap((s) => s.Action).sort(),
      ['xray:GetSamplingRules', 'xray:GetSamplingTargets', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
  });
  test('metrics_shouldGoToTheStacksOwnNamespace_inEveryAlarmFilterAndTheDashboard', () => {
    // GIVEN every namespace the template names outside AWS's own (AWS/…)
    const named = [];
    walk(cfn, (value, path) => {
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        for (const key of ['Namespace', 'MetricNamespace']) {
          if (key in value && !(typeof value[key] === 'string' && value[key].startsWith('AWS/'))) {
            named.push([path.join('.'), value[key]]);
          }
        }
      }
    });
    assert.ok(named.length >= 3, `Klaxon's metrics are watched: ${named.map(([p]) => p)}`);
    // THEN each is this stack's, never the shared `Klaxon` another stack in the account writes to too
    for (const [path, namespace] of named) {
      assert.deepEqual(namespace, STACK_NAMESPACE, path);
    }
    // AND so is every Metrics Insights query of an alarm
    for (const [id, alarm] of Object.entries(resources).filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm')) {
      for (const m of alarm.Properties.Metrics ?? []) {
        const text = m.Expression?.['Fn::Sub'] ?? m.Expression ?? '';
        for (const [, namespace] of text.matchAll(/SCHEMA\("([^"]+)"/g)) {
          assert.equal(namespace, STACK_NAMESPACE_TEXT, `${id}.${m.Id}`);
        }
      }
    }
    // AND every dashboard row and SEARCH that is not AWS's
    const rows = dashboardRows();
    for (const row of rows) {
      if (Array.isArray(row)) {
        assert.ok(row[0].startsWith('AWS/') || row[0] === STACK_NAMESPACE_TEXT, `dashboard row ${row.join(' ')}`);
      } else {
        const searched = [...row.expression.matchAll(/SEARCH\('\{("[^"]+"|[^,]+),/g)].map((m) => m[1].replaceAll('"', ''));
        assert.ok(searched.length > 0, row.expression);
        assert.ok(searched.every((n) => n === STACK_NAMESPACE_TEXT), row.expression);
      }
    }
    // AND every function is told that namespace (libs/metrics reads the variable), as one value in Globals
    const source = readFileSync(join(REPOSITORY, 'libs/metrics/src/main/java/io/klaxon/metrics/MetricsNamespace.java'), 'utf8');
    const variable = source.match(/VARIABLE\s*=\s*"([A-Z_]+)"/)?.[1];
    assert.equal(variable, 'KLAXON_METRICS_NAMESPACE');
    for (const [id] of functions) {
      assert.deepEqual(env(id)[variable], STACK_NAMESPACE, id);
    }
  });

  test('dashboard_shouldShowEveryFunctionEveryQueueAndTheStateMachine_derivedFromTheResources', () => {
    // GIVEN the dashboard's rows as "namespace metric dimension value"
    const shown = new Set(dashboardRows().filter(Array.isArray).map((row) => row.join(' ')));
    // THEN each function of the template has its errors and throttles shown
    for (const [id] of functions) {
      for (const metric of ['Errors', 'Throttles']) {
        assert.ok(shown.has(`AWS/Lambda ${metric} FunctionName \${${id}}`), `${id}: ${metric} on the dashboard`);
      }
    }
    // AND each queue its depth
    const queues = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::SQS::Queue').map(([id]) => id);
    assert.ok(queues.length >= 5);
    for (const id of queues) {
      assert.ok(shown.has(`AWS/SQS ApproximateNumberOfMessagesVisible QueueName \${${id}.QueueName}`), `${id}: depth on the dashboard`);
    }
    // AND the state machine's failed, timed-out and stopped executions
    for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted']) {
      assert.ok(shown.has(`AWS/States ${metric} StateMachineArn \${${machineId}}`), `${metric} on the dashboard`);
    }
  });

  test('cloudWatchAlarmEvents_shouldLeaveOutThisStacksOwnAlarms_whichAreAllNamedWithItsPrefix', () => {
    // GIVEN every alarm of the template
    const alarms = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm');
    // THEN each is named <stack>/<what>: "/" cannot occur in a stack name, so no other stack shares the prefix
    for (const [id, alarm] of alarms) {
      const name = alarm.Properties.AlarmName?.['Fn::Sub'];
      assert.ok(typeof name === 'string' && /^\$\{AWS::StackName\}\/[A-Za-z0-9]+$/.test(name), `${id}: AlarmName ${JSON.stringify(alarm.Properties.AlarmName)}`);
    }
    assert.equal(new Set(alarms.map(([, a]) => a.Properties.AlarmName['Fn::Sub'])).size, alarms.length, 'alarm names are distinct');
    // AND the rule that takes every alarm state change of the Region leaves exactly those out
    // (local/ SelfAlarmEventsRuleTest puts real events through Event Ruler)
    const pattern = resources.CloudWatchAlarmEventsRule.Properties.EventPattern;
    assert.deepEqual(pattern.source, ['aws.cloudwatch']);
    assert.deepEqual(pattern.detail?.alarmName, [{ 'anything-but': { prefix: { 'Fn::Sub': '${AWS::StackName}/' } } }]);
  });

  test('ingest_shouldReserveItsConcurrency_fromAParameter', () => {
    // GIVEN the ingest function and the parameter
    const ingest = functions.find(([, f]) => f.Properties.Handler === 'io.klaxon.ingest.IngestHandler');
    const parameter = cfn.Parameters.IngestReservedConcurrency;
    // THEN its concurrency is reserved (and capped) by that parameter, at least 1 (0 would stop it)
    assert.deepEqual(ingest[1].Properties.ReservedConcurrentExecutions, { Ref: 'IngestReservedConcurrency' });
    assert.equal(parameter.Type, 'Number');
    assert.ok(parameter.MinValue >= 1 && parameter.Default >= parameter.MinValue);
  });

  test('queuesAndLogGroups_shouldOutliveTheStack_onDeleteAndOnReplacement', () => {
    // GIVEN every queue and log group of the template
    const kept = Object.entries(resources).filter(([, r]) => ['AWS::SQS::Queue', 'AWS::Logs::LogGroup'].includes(r.Type));
    assert.ok(kept.length >= 14, `queues and log groups: ${kept.map(([id]) => id)}`);
    // THEN each is retained by a delete and by a replacement
    for (const [id, resource] of kept) {
      assert.equal(resource.DeletionPolicy, 'Retain', `${id} DeletionPolicy`);
      assert.equal(resource.UpdateReplacePolicy, 'Retain', `${id} UpdateReplacePolicy`);
    }
    // AND each function writes to one of them (not to a log group Lambda would create, which nothing retains)
    const logGroups = new Set(kept.filter(([, r]) => r.Type === 'AWS::Logs::LogGroup').map(([id]) => id));
    for (const [id] of functions) {
      assert.ok(logGroups.has(resources[id].Properties.LoggingConfig?.LogGroup?.Ref), `${id} LoggingConfig.LogGroup`);
    }
  });

  test('cleanup_shouldRemoveExactlyThisStacksRetainedResources_andTheTemplatesPointersResolve', () => {
    // GIVEN sam/README.md's Cleanup section and the resource types the template retains
    const samReadme = readFileSync(join(REPOSITORY, 'sam/README.md'), 'utf8');
    const cleanup = samReadme.slice(samReadme.indexOf('\n## Cleanup'));
    const retained = new Set(Object.values(resources).filter((r) => r.DeletionPolicy === 'Retain').map((r) => r.Type));
    // THEN its commands read this stack's own resources from CloudFormation and handle every retained type
    assert.match(cleanup, /aws cloudformation list-stack-resources/);
    for (const type of retained) {
      assert.ok(cleanup.includes(type), `Cleanup removes ${type}`);
    }
    // AND nothing is found by a name prefix (klaxon- is also klaxon-staging's)
    assert.doesNotMatch(cleanup, /--queue-name-prefix|--log-group-name-prefix|starts_with\(/);
    // AND every command names the region (a same-named stack in another region is another stack), and the retained
    // resources are deleted only once the stack's deletion completed (a declined or failed delete leaves it running)
    const script = cleanup.slice(cleanup.indexOf('```'), cleanup.indexOf('```', cleanup.indexOf('```') + 3));
    const commands = script.split('\n').filter((l) => /^\s*(aws|sam) /.test(l) || /\) (aws|sam) /.test(l));
    assert.ok(commands.length >= 5, 'the cleanup script has its commands');
    for (const command of commands) {
      assert.match(command, /--region "\$REGION"/, `names the region: ${command.trim()}`);
    }
    assert.match(script, /wait stack-delete-complete[^\n]*&&\s*\nwhile read/, 'deletes only after the stack is gone');
    // AND it says how to install again under the same name (fixed log group names, the secret's recovery window)
    assert.match(cleanup, /--force-delete-without-recovery/);
    // AND every "(<file>: <section>)" the template cites is a section of that file
    const template = readFileSync(TEMPLATE_PATH, 'utf8');
    const cited = [...template.matchAll(/\(((?:sam\/)?README\.md): ([^)]+)\)/g)];
    assert.ok(cited.length > 0);
    for (const [, file, section] of cited) {
      const headings = readFileSync(join(REPOSITORY, file), 'utf8').split('\n').filter((l) => l.startsWith('#'))
        .map((l) => l.replace(/^#+\s*/, ''));
      assert.ok(headings.includes(section), `${file} has no section "${section}"`);
    }
    assert.doesNotMatch(template, /\(README: /, 'a pointer names its file');
  });
});

function walkJava(dir, visit) {
  if (!existsSync(dir)) {
    return;
  }
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      walkJava(path, visit);
    } else if (entry.name.endsWith('.java')) {
      visit(readFileSync(path, 'utf8'));
    }
  }
}
