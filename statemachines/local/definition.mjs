// Turns the ASL file as deployed into what aws-local-stepfunctions can run with AWS's semantics.
//
// Two differences of the library (3.0.0) are corrected here, in the definition, not in the ASL file:
//  - it evaluates TimeoutSecondsPath against the task's *effective* input (after Parameters), while
//    AWS evaluates it against the state input. A path such as $.step.alert.claimTimeoutSeconds is
//    therefore moved into Parameters (evaluated against the state input, as AWS would) under a
//    reserved key, and the local task handler enforces that timeout itself;
//  - it treats ResultPath "$" as a field named "$" instead of "replace the input" (the default);
//  - it gives every Task state a 60 s timeout when none is set (AWS has none). Tasks the runner
//    times out itself, or that set no timeout, get a library timeout far beyond any real wait.

/** Reserved Parameters key carrying a waitForTaskToken task's timeout to the local handler. */
export const TIMEOUT_KEY = '__klaxonLocalTimeoutSeconds';

/** Stands in for $$.Task.Token in the (static) context object; replaced by a fresh token per wait. */
export const TOKEN_PLACEHOLDER = 'klaxon-local:task-token-placeholder';

/** Longest timeout setTimeout can arm (2^31-1 ms) in whole seconds, minus a margin. */
export const LIBRARY_MAX_TIMEOUT_SECONDS = 2_000_000;

const PLACEHOLDER = /\$\{([A-Za-z0-9_:.]+)\}/g;

export class DefinitionError extends Error {
  constructor(message) {
    super(message);
    this.name = 'DefinitionError';
  }
}

/**
 * Replaces every ${Name} with its substitution, as CloudFormation's DefinitionSubstitutions does.
 * A placeholder without a substitution is an error: running with it would fail much later and
 * much less clearly.
 */
export function substitute(text, substitutions) {
  const missing = new Set();
  const result = text.replace(PLACEHOLDER, (whole, name) => {
    if (!Object.hasOwn(substitutions, name)) {
      missing.add(name);
      return whole;
    }
    const value = substitutions[name];
    // The value lands inside a JSON string: escape it like one.
    return JSON.stringify(String(value)).slice(1, -1);
  });
  if (missing.size > 0) {
    throw new DefinitionError(`no substitution for ${[...missing].map((n) => '${' + n + '}').join(', ')}`);
  }
  return result;
}

/** Placeholders named in a definition text, in order of first appearance. */
export function placeholders(text) {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/** What kind of local handler a Task state's Resource needs. */
export function taskKind(resource) {
  if (/^arn:[^:]+:states:::lambda:invoke\.waitForTaskToken$/.test(resource)) {
    return 'lambdaWait';
  }
  if (/^arn:[^:]+:states:::lambda:invoke$/.test(resource)) {
    return 'lambda';
  }
  if (/^arn:[^:]+:states:::events:putEvents$/.test(resource)) {
    return 'putEvents';
  }
  return null;
}

/**
 * Parses a substituted definition and prepares it for the library.
 *
 * @returns {{definition: object, tasks: Map<string, {kind: string}>}} the runnable definition and,
 *          per Task state name, which local handler serves it
 */
export function prepare(definitionText, substitutions) {
  let definition;
  try {
    definition = JSON.parse(substitute(definitionText, substitutions));
  } catch (e) {
    if (e instanceof DefinitionError) {
      throw e;
    }
    throw new DefinitionError(`definition is not valid JSON: ${e.message}`);
  }
  const tasks = new Map();
  rewriteStates(definition.States ?? {}, tasks);
  return { definition, tasks };
}

function rewriteStates(states, tasks) {
  for (const [name, state] of Object.entries(states)) {
    if (state.ResultPath === '$') {
      delete state.ResultPath;
    }
    for (const catcher of state.Catch ?? []) {
      if (catcher.ResultPath === '$') {
        delete catcher.ResultPath;
      }
    }
    if (state.Type === 'Parallel') {
      for (const branch of state.Branches ?? []) {
        rewriteStates(branch.States ?? {}, tasks);
      }
    }
    if (state.Type === 'Map') {
      rewriteStates((state.ItemProcessor ?? state.Iterator)?.States ?? {}, tasks);
    }
    if (state.Type !== 'Task') {
      continue;
    }
    const kind = taskKind(state.Resource);
    if (kind === null) {
      throw new DefinitionError(`state ${name}: the local runner has no handler for Resource ${state.Resource}`);
    }
    if (tasks.has(name)) {
      throw new DefinitionError(`state ${name}: Task state names must be unique across branches`);
    }
    tasks.set(name, { kind });
    if (kind === 'lambdaWait') {
      moveTimeoutIntoParameters(name, state);
    } else if (state.TimeoutSeconds === undefined && state.TimeoutSecondsPath === undefined) {
      state.TimeoutSeconds = LIBRARY_MAX_TIMEOUT_SECONDS;
    }
  }
}

function moveTimeoutIntoParameters(name, state) {
  const params = state.Parameters;
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    throw new DefinitionError(`state ${name}: a waitForTaskToken task needs an object Parameters`);
  }
  if (state.TimeoutSecondsPath !== undefined) {
    params[`${TIMEOUT_KEY}.$`] = state.TimeoutSecondsPath;
  } else if (state.TimeoutSeconds !== undefined) {
    params[TIMEOUT_KEY] = state.TimeoutSeconds;
  }
  // Without either, AWS waits up to the execution's own limit (a year): so does the runner.
  delete state.TimeoutSecondsPath;
  state.TimeoutSeconds = LIBRARY_MAX_TIMEOUT_SECONDS;
}
