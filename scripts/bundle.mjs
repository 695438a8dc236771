// Compiles src/ with tsc into build/, then bundles each entry point with ncc into dist/<name>/.
// dist/ is committed: users run it as-is (the action's main and post steps, `node dist/cli/index.js`).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const entries = {
  cli: 'build/cli/index.js',
  main: 'build/action/main-entry.js',
  post: 'build/action/post-entry.js',
};
const only = process.argv.slice(2);

rmSync('build', { recursive: true, force: true });
execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
for (const [name, entry] of Object.entries(entries)) {
  if (only.length > 0 && !only.includes(name)) continue;
  rmSync(`dist/${name}`, { recursive: true, force: true });
  execFileSync(
    'npx',
    ['ncc', 'build', entry, '-o', `dist/${name}`, '--license', 'licenses.txt', '--quiet', '--no-source-map-register'],
    { stdio: 'inherit' },
  );
}
