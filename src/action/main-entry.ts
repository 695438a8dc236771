// The action's main step (action.yml `runs.main`, bundled to dist/main/index.js).
import { run } from './main.js';

await run();
