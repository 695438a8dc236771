// Placeholder until the adapter lands: fails loudly rather than pretending to store anything.
import { StoreError } from '../core/errors.js';
import type { LockStore } from './store.js';

export class DynamoLockStore implements LockStore {
  readonly kind = 'dynamodb' as const;
  constructor(_options: { table: string; region?: string; endpoint?: string }) {}
  putIfAvailable(): never { throw new StoreError('not implemented'); }
  getMany(): never { throw new StoreError('not implemented'); }
  deleteIf(): never { throw new StoreError('not implemented'); }
  list(): never { throw new StoreError('not implemented'); }
  async close(): Promise<void> {}
}
