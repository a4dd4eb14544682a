#!/usr/bin/env node
// Klaxon's local Step Functions: runs the real ASL with aws-local-stepfunctions behind a tiny HTTP
// API on 127.0.0.1, serving every Task by calling back into the Java half. Protocol: README.md.
//
//   node statemachines/local/runner.mjs --definition <asl file> --substitutions <json file>
//        --callback http://127.0.0.1:<port>/internal [--port N] [--retry-interval-ms N] [--retry-scale F] [--wait-ms N]
//
// Prints exactly one line, {"ready":true,"port":N}, on stdout when it listens; logs go to stderr.
// Exits when stdin closes or on SIGTERM/SIGINT, so a dying parent never leaves it behind.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { DefinitionError } from './definition.mjs';
import { LocalRuntime, RuntimeRequestError } from './runtime.mjs';

/** Step Functions' payload limit; nothing legitimate is bigger. */
const MAX_BODY_BYTES = 256 * 1024;

/** One JSON object per line, with the fields of the functions' lines (Lambda's JSON log format). */
function log(level, message, fields = {}) {
  const line = { timestamp: new Date().toISOString(), level: level.toUpperCase(), logger: 'klaxon-sfn-runner', message, ...fields };
  process.stderr.write(`${JSON.stringify(line)}\n`);
}

function usage(problem) {
  process.stderr.write(`${problem}\nusage: runner.mjs --definition <asl.json> --substitutions <substitutions.json> --callback <url> [--port N] [--retry-interval-ms N] [--retry-scale F] [--wait-ms N]\n`);
  process.exit(2);
}

function nonNegativeInt(name, value) {
  if (value === undefined) {
    return undefined;
  }
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    usage(`--${name} must be a non-negative integer`);
  }
  return n;
}

function positiveNumber(name, value) {
  if (value === undefined) {
    return undefined;
  }
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    usage(`--${name} must be a positive number`);
  }
  return n;
}

async function main() {
  let args;
  try {
    ({ values: args } = parseArgs({
      options: {
        definition: { type: 'string' },
        substitutions: { type: 'string' },
        callback: { type: 'string' },
        port: { type: 'string' },
        'retry-interval-ms': { type: 'string' },
        'retry-scale': { type: 'string' },
        'wait-ms': { type: 'string' },
      },
      strict: true,
    }));
  } catch (e) {
    usage(e.message);
  }
  if (!args.definition || !args.callback) {
    usage('--definition and --callback are required');
  }
  let callbackUrl;
  try {
    callbackUrl = new URL(args.callback);
  } catch {
    usage(`--callback is not a URL: ${args.callback}`);
  }

  let runtime;
  try {
    const definitionText = await readFile(args.definition, 'utf8');
    const substitutions = args.substitutions ? JSON.parse(await readFile(args.substitutions, 'utf8')) : {};
    runtime = new LocalRuntime({
      definitionText,
      substitutions,
      callbackUrl: callbackUrl.href,
      stateMachineName: basename(args.definition).replace(/\.asl\.json$|\.json$/, ''),
      retryIntervalMs: nonNegativeInt('retry-interval-ms', args['retry-interval-ms']),
      retryScale: positiveNumber('retry-scale', args['retry-scale']),
      waitMs: nonNegativeInt('wait-ms', args['wait-ms']),
      log,
    });
  } catch (e) {
    const reason = e instanceof DefinitionError || e instanceof SyntaxError || e.code === 'ENOENT' ? e.message : String(e.stack ?? e);
    log('error', 'cannot start', { reason });
    process.exit(1);
  }

  const server = createServer((req, res) => {
    handle(runtime, req, res).catch((e) => {
      log('error', 'request failed', { method: req.method, path: req.url, reason: e.message });
      if (!res.headersSent) {
        send(res, 500, { error: 'InternalFailure', message: 'the runner failed to handle the request' });
      }
    });
  });
  const port = nonNegativeInt('port', args.port) ?? 0;
  server.listen(port, '127.0.0.1', () => {
    process.stdout.write(`${JSON.stringify({ ready: true, port: server.address().port })}\n`);
    log('info', 'listening', { port: server.address().port });
  });

  let stopping = false;
  const stop = (why) => {
    if (stopping) {
      return;
    }
    stopping = true;
    log('info', 'stopping', { why });
    runtime.close();
    server.closeAllConnections?.();
    server.close(() => process.exit(0));
    // Whatever still holds the loop, the parent asked us to go.
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.stdin.on('end', () => stop('stdin closed'));
  process.stdin.on('error', () => stop('stdin closed'));
  process.stdin.resume();
}

async function handle(runtime, req, res) {
  const url = new URL(req.url, 'http://127.0.0.1');
  const path = url.pathname;
  try {
    if (req.method === 'POST' && path === '/executions') {
      const body = await readJson(req);
      send(res, 202, runtime.startExecution({ name: body.name, input: body.input }));
    } else if (req.method === 'POST' && /^\/executions\/[^/]+\/stop$/.test(path)) {
      const body = await readJson(req);
      send(res, 200, runtime.stopExecution(decodeURIComponent(path.slice('/executions/'.length, -'/stop'.length)), body));
    } else if (req.method === 'GET' && path.startsWith('/executions/')) {
      send(res, 200, runtime.describeExecution(decodeURIComponent(path.slice('/executions/'.length))));
    } else if (req.method === 'POST' && path === '/callbacks/success') {
      runtime.sendTaskSuccess(await readJson(req));
      send(res, 200, {});
    } else if (req.method === 'POST' && path === '/callbacks/failure') {
      runtime.sendTaskFailure(await readJson(req));
      send(res, 200, {});
    } else {
      send(res, 404, { error: 'NotFound', message: `no route ${req.method} ${path}` });
    }
  } catch (e) {
    if (e instanceof RuntimeRequestError) {
      send(res, e.status, { error: e.code, message: e.message });
    } else {
      throw e;
    }
  }
}

async function readJson(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      throw new RuntimeRequestError(413, 'PayloadTooLarge', `request body exceeds ${MAX_BODY_BYTES} bytes`);
    }
    chunks.push(chunk);
  }
  let body;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (e) {
    throw new RuntimeRequestError(400, 'ValidationException', `request body is not JSON: ${e.message}`);
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new RuntimeRequestError(400, 'ValidationException', 'request body must be a JSON object');
  }
  return body;
}

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

main();
