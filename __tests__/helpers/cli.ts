import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/main.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process, exactly as bin/index does, with a given environment and no process globals. */
export async function cli(argv: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, { USER: 'tester', TZ: 'UTC', ...env }, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    hostname: 'test-host',
  });
  return { code, stdout, stderr };
}

export function tempDir(prefix = 'deploy-lock-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

let tables = 0;
/** A table name no other test uses. */
export function uniqueTable(prefix = 'locks'): string {
  tables += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${tables}`;
}
