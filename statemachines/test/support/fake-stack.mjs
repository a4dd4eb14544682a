// The fake Klaxon functions and the real ASL on the real local runner, started together for a test file.
import { FakeKlaxon } from './fake-klaxon.mjs';
import { startRunner } from './runner-process.mjs';

/**
 * Starts a FakeKlaxon and the runner calling it back, attached to each other. The runner's retries and Wait
 * states are shortened to `ms` milliseconds each (real timeouts under test are not).
 */
export async function startFakeStack({ ms = 20 } = {}) {
  const fake = new FakeKlaxon();
  const callbackUrl = await fake.listen();
  const runner = await startRunner({ callbackUrl, extraArgs: ['--retry-interval-ms', `${ms}`, '--wait-ms', `${ms}`] });
  fake.attach(runner);
  return { fake, runner };
}

/** Stops what {@link startFakeStack} started, whatever of it did start. */
export async function stopFakeStack({ fake, runner } = {}) {
  await runner?.stop();
  await fake?.close();
}
