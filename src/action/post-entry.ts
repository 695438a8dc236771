// The action's post step (action.yml `runs.post`, bundled to dist/post/index.js).
import { run } from './post.js';

await run();
