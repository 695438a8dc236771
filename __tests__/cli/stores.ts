import { join } from 'node:path';
import { cli, tempDir, uniqueTable } from '../helpers/cli.js';

/** A CLI storage configuration that persists between CLI calls: the flags that reach one fresh, empty store. */
export interface PersistentStore {
  name: 'file' | 'dynamodb';
  /** Fresh, empty store; returns the flags that reach it. */
  create(): Promise<string[]>;
}

export const persistentStores: PersistentStore[] = [
  {
    name: 'file',
    create: async () => ['--file', join(tempDir(), 'state', 'locks.json')],
  },
  {
    name: 'dynamodb',
    create: async () => {
      const endpoint = process.env.DEPLOY_LOCK_TEST_ENDPOINT;
      if (!endpoint) throw new Error('DEPLOY_LOCK_TEST_ENDPOINT is not set: the jest global setup starts dynalite');
      const flags = ['--storage', 'dynamodb', '--endpoint', endpoint, '--table', uniqueTable()];
      const setup = await cli(['setup', ...flags]);
      if (setup.code !== 0) throw new Error(`setup failed: ${setup.stderr}`);
      return flags;
    },
  },
];
