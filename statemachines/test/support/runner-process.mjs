// Starts the real local runner (local/runner.mjs) as a child process, exactly as the Java half does,
// and talks to it over its HTTP protocol.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ASL_FILE = join(ROOT, 'alert-lifecycle.asl.json');
export const RUNNER = join(ROOT, 'local', 'runner.mjs');

/** Function names the tests give the placeholders; the fake callback routes on them. */
export const SUBSTITUTIONS = {
  LifecycleFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:klaxon-lifecycle',
  NotifyFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:klaxon-notify',
  EscalateFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:klaxon-escalate',
  EventBusName: 'klaxon-test',
};

/**
 * @param {object} options
 * @param {string} options.callbackUrl
 * @param {string[]} [options.extraArgs]
 * @param {object} [options.substitutions]
 * @param {string} [options.definition]
 * @returns {Promise<Runner>}
 */
export async function startRunner({ callbackUrl, extraArgs = [], substitutions = SUBSTITUTIONS, definition = ASL_FILE }) {
  const dir = await mkdtemp(join(tmpdir(), 'klaxon-runner-'));
  const substitutionsFile = join(dir, 'substitutions.json');
  await writeFile(substitutionsFile, JSON.stringify(substitutions));
  const child = spawn(process.execPath, [RUNNER, '--definition', definition, '--substitutions', substitutionsFile,
    '--callback', callbackUrl, ...extraArgs], { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr = [];
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => stderr.push(d));
  const lines = createInterface({ input: child.stdout });
  const stdout = [];
  const ready = new Promise((resolve, reject) => {
    lines.on('line', (line) => {
      stdout.push(line);
      if (stdout.length === 1) {
        try {
          resolve(JSON.parse(line));
        } catch (e) {
          reject(new Error(`first stdout line is not JSON: ${line}`));
        }
      }
    });
    child.once('exit', (code) => reject(new Error(`runner exited with ${code} before ready: ${stderr.join('')}`)));
  });
  const { port } = await ready;
  return new Runner(child, port, stdout, stderr);
}

export class Runner {
  constructor(child, port, stdout, stderr) {
    this.child = child;
    this.port = port;
    this.base = `http://127.0.0.1:${port}`;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  async request(method, path, body) {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  start(name, input) {
    return this.request('POST', '/executions', { name, input });
  }

  async describe(name) {
    return (await this.request('GET', `/executions/${encodeURIComponent(name)}`)).body;
  }

  succeed(taskToken, output) {
    return this.request('POST', '/callbacks/success', { taskToken, output });
  }

  fail(taskToken, error, cause) {
    return this.request('POST', '/callbacks/failure', { taskToken, error, cause });
  }

  /** Polls until the execution has stopped; fails the test with the states so far otherwise. */
  async finished(name, timeoutMs = 10_000) {
    return eventually(async () => {
      const execution = await this.describe(name);
      if (execution.status === 'RUNNING') {
        throw new Error(`still RUNNING after states ${execution.states.join(' > ')}`);
      }
      return execution;
    }, timeoutMs);
  }

  /** Ends the runner the way the Java parent does: by closing its stdin. */
  async stop() {
    if (this.child.exitCode !== null) {
      return this.child.exitCode;
    }
    const exited = once(this.child, 'exit');
    this.child.stdin.end();
    const [code] = await exited;
    return code;
  }
}

/**
 * Retries `probe` until it returns without throwing or the deadline passes; never a fixed sleep.
 * @template T
 * @param {() => Promise<T> | T} probe
 * @returns {Promise<T>}
 */
export async function eventually(probe, timeoutMs = 10_000, intervalMs = 20) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await probe();
    } catch (e) {
      if (Date.now() >= deadline) {
        throw new Error(`not met within ${timeoutMs} ms: ${e.message}`);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
