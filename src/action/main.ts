import * as core from '@actions/core';
import { hostname } from 'node:os';
import { errorMessage } from '../core/errors.js';
import { describeBlocking } from '../core/messages.js';
import { formatInterval } from '../core/time.js';
import { execute, outcomeExitCode, type Outcome } from '../run.js';
import { LockService, systemClock } from '../service.js';
import { openStore } from '../store/index.js';
import type { LockStore } from '../store/store.js';
import { States } from './constants.js';
import { parseInputs, readInputs, type ActionSettings } from './inputs.js';
import { blockingOf, messageFor, setOutputs } from './outputs.js';
import { releaseStateFor } from './state.js';
import { writeSummary } from './summary.js';

/** Leaves the post step what it needs: the lock to release, or why there is none. */
function saveReleaseState(outcome: Outcome, settings: ActionSettings): void {
  if (outcome.command !== 'lock') {
    core.saveState(States.NothingToRelease, `the ${outcome.command} command takes no lock`);
  } else if (outcome.result.status !== 'locked') {
    core.saveState(States.NothingToRelease, 'the lock was not acquired');
  } else if (!settings.release) {
    core.saveState(States.NothingToRelease, 'release is false, so the lock stays until it expires or is unlocked');
  } else {
    core.saveState(States.Release, JSON.stringify(releaseStateFor(outcome.result.lock, settings.store)));
  }
}

/** Denied or lost: an error annotation per lock in the way, and a failed step, unless a check was told not to fail. */
function reportDenial(outcome: Outcome, settings: ActionSettings, message: string): void {
  const blocking = blockingOf(outcome);
  if (outcome.command === 'check' && !settings.failOnLocked) {
    for (const lock of blocking) core.notice(describeBlocking(lock), { title: `${lock.path} is locked` });
    core.info(`${message}\nfail-on-locked is false, so the step passes with allowed=false.`);
    return;
  }
  for (const lock of blocking) core.error(describeBlocking(lock), { title: `${lock.path} is locked` });
  core.setFailed(message);
}

/** The action's main step: parse every input, run the command, set outputs, state and the job summary. */
export async function run(): Promise<void> {
  let outcome: Outcome | undefined;
  let store: LockStore | undefined;
  try {
    const clock = systemClock();
    const settings = parseInputs(readInputs(), { env: process.env, now: clock(), hostname: hostname() });
    store = await openStore(settings.store);
    const service = new LockService(store, clock);
    outcome = await execute(settings.request, service, {
      onWait: (blocking, remainingSeconds) => {
        const holders = blocking.map((lock) => describeBlocking(lock)).join('\n');
        core.info(`Waiting (${formatInterval(remainingSeconds)} left):\n${holders}`);
      },
    });
    // State first: if anything below fails, the post step must still release the lock just taken.
    saveReleaseState(outcome, settings);
    const message = messageFor(outcome);
    setOutputs(outcome);
    if (outcomeExitCode(outcome) === 0) core.info(message);
    else reportDenial(outcome, settings, message);
    if (outcome.command === 'lock' && outcome.result.status === 'locked') {
      for (const below of outcome.result.below) {
        core.warning(`An active lock below ${outcome.request.path}: ${describeBlocking(below)}`);
      }
    }
  } catch (error) {
    // Bad input (a UsageError naming the input) or an unreachable store: one line, no stack trace.
    core.setFailed(errorMessage(error));
  } finally {
    if (outcome) await writeSummary(outcome);
    try {
      await store?.close();
    } catch (error) {
      core.warning(`Could not close the lock store: ${errorMessage(error)}`);
    }
  }
}
