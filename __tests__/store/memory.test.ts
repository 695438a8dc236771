import { MemoryLockStore } from '../../src/store/memory.js';
import { lockStoreContract } from './contract.js';

lockStoreContract('memory', { open: async () => new MemoryLockStore() });
