import { isLockType, type LockType } from '../core/lock.js';
import { STORAGE_KINDS, type StorageKind } from '../store/store.js';
import type { StoreOptions } from '../store/index.js';

/**
 * What the post step needs to release the lock the main step took, and nothing more: which lock (path, type,
 * owner) and how to reach the same store. No credentials: the SDK finds those in the job's environment again.
 */
export interface ReleaseState {
  path: string;
  type: LockType;
  owner: string;
  storage: StorageKind;
  table?: string;
  region?: string;
  endpoint?: string;
  file?: string;
}

export function releaseStateFor(lock: { path: string; type: LockType; owner: string }, store: StoreOptions): ReleaseState {
  return {
    path: lock.path,
    type: lock.type,
    owner: lock.owner,
    storage: store.storage,
    // Only the settings of the store in use, so the state says no more than it must.
    ...(store.storage === 'dynamodb' ? { table: store.table } : {}),
    ...(store.storage === 'dynamodb' && store.region ? { region: store.region } : {}),
    ...(store.storage === 'dynamodb' && store.endpoint ? { endpoint: store.endpoint } : {}),
    ...(store.storage === 'file' ? { file: store.file } : {}),
  };
}

function text(data: Record<string, unknown>, key: string, required: boolean): string | undefined {
  const value = data[key];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value === '') throw new Error(`saved state has no valid "${key}"`);
  return value;
}

/** Reads the state back; throws with a one-line reason when it is not what the main step writes. */
export function parseReleaseState(json: string): ReleaseState {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new Error('saved state is not JSON');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error('saved state is not an object');
  const fields = data as Record<string, unknown>;
  const type = text(fields, 'type', true) as string;
  if (!isLockType(type)) throw new Error(`saved state has an unknown lock type '${type}'`);
  const storage = text(fields, 'storage', true) as string;
  if (!(STORAGE_KINDS as readonly string[]).includes(storage)) throw new Error(`saved state has an unknown storage '${storage}'`);
  const table = text(fields, 'table', false);
  const region = text(fields, 'region', false);
  const endpoint = text(fields, 'endpoint', false);
  const file = text(fields, 'file', false);
  return {
    path: text(fields, 'path', true) as string,
    type,
    owner: text(fields, 'owner', true) as string,
    storage: storage as StorageKind,
    ...(table ? { table } : {}),
    ...(region ? { region } : {}),
    ...(endpoint ? { endpoint } : {}),
    ...(file ? { file } : {}),
  };
}
