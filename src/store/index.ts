import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Env } from '../core/ci.js';
import { UsageError } from '../core/errors.js';
import type { Lock } from '../core/lock.js';
import { MemoryLockStore } from './memory.js';
import { STORAGE_KINDS, type LockStore, type StorageKind } from './store.js';

export interface StoreOptions {
  storage: StorageKind;
  /** DynamoDB */
  table: string;
  region?: string;
  endpoint?: string;
  /** file store location */
  file: string;
  /** memory store seed (--fake) */
  seed?: Lock[];
}

export const DEFAULT_TABLE = 'locks';

/** The file store's default home: $XDG_STATE_HOME/deploy-lock/locks.json, else ~/.local/state/deploy-lock/locks.json. */
export function defaultLockFile(env: Env): string {
  const stateHome = env.XDG_STATE_HOME?.trim() || join(env.HOME?.trim() || homedir(), '.local', 'state');
  return join(stateHome, 'deploy-lock', 'locks.json');
}

export function parseStorageKind(raw: string, field: string): StorageKind {
  const text = raw.trim().toLowerCase();
  // The original tool called it "dynamo"; keep that spelling working.
  const kind = text === 'dynamo' ? 'dynamodb' : text;
  if (!(STORAGE_KINDS as readonly string[]).includes(kind)) {
    throw new UsageError(field, `Invalid ${field} '${raw}': expected one of ${STORAGE_KINDS.join(', ')}.`);
  }
  return kind as StorageKind;
}

export function parseTable(raw: string | undefined, field: string): string {
  if (raw === undefined) return DEFAULT_TABLE;
  const table = raw.trim();
  // DynamoDB's own rule for table names.
  if (!/^[a-zA-Z0-9_.-]{3,255}$/.test(table)) {
    throw new UsageError(field, `Invalid ${field} '${raw}': expected a DynamoDB table name (3-255 of a-z, A-Z, 0-9, '_', '-', '.').`);
  }
  return table;
}

/** Opens the configured store; the DynamoDB client is loaded only when it is used, to keep start-up fast. */
export async function openStore(options: StoreOptions): Promise<LockStore> {
  switch (options.storage) {
    case 'memory':
      return new MemoryLockStore(options.seed ?? []);
    case 'file': {
      const { FileLockStore } = await import('./file.js');
      return new FileLockStore({ file: options.file });
    }
    case 'dynamodb': {
      const { DynamoLockStore } = await import('./dynamo.js');
      return new DynamoLockStore({
        table: options.table,
        ...(options.region ? { region: options.region } : {}),
        ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      });
    }
  }
}
