import * as core from '@actions/core';
import { errorMessage } from '../core/errors.js';
import { friendlyType } from '../core/lock.js';
import { describeBlocking } from '../core/messages.js';
import { LockService, systemClock } from '../service.js';
import { DEFAULT_TABLE, defaultLockFile, openStore, type StoreOptions } from '../store/index.js';
import { States } from './constants.js';
import { parseReleaseState, type ReleaseState } from './state.js';

function storeOptionsOf(state: ReleaseState): StoreOptions {
  return {
    storage: state.storage,
    table: state.table ?? DEFAULT_TABLE,
    ...(state.region ? { region: state.region } : {}),
    ...(state.endpoint ? { endpoint: state.endpoint } : {}),
    file: state.file ?? defaultLockFile(process.env),
  };
}

/**
 * The action's post step (runs with `post-if: always()`): releases the lock the main step took, checked against
 * the owner, so it never releases anybody else's. Its own failures are warnings: the job's result is the deploy's.
 */
export async function run(): Promise<void> {
  try {
    const saved = core.getState(States.Release);
    if (saved === '') {
      const reason = core.getState(States.NothingToRelease) || 'the main step took no lock (it failed or was cancelled before locking)';
      core.info(`Nothing to release: ${reason}.`);
      return;
    }
    const state = parseReleaseState(saved);
    const store = await openStore(storeOptionsOf(state));
    try {
      const service = new LockService(store, systemClock());
      const result = await service.unlock({ path: state.path, type: state.type, owner: state.owner, force: false });
      switch (result.status) {
        case 'unlocked':
          core.info(`Released ${result.lock.path} (${friendlyType(result.lock.type)} held by ${result.lock.owner}).`);
          break;
        case 'not-locked':
          core.info(`Nothing to release: ${state.path} is no longer locked (it expired or was unlocked already).`);
          break;
        case 'denied':
          // The lock expired and someone else took the path: theirs now, so it stays.
          core.warning(`Did not release ${state.path}: it is now held by someone else.\n${describeBlocking(result.holder)}`);
          break;
      }
    } finally {
      await store.close();
    }
  } catch (error) {
    core.warning(`Could not release the lock: ${errorMessage(error)}. It stays until it expires or is unlocked.`);
  }
}
