import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const cliBundle = `${repoRoot}dist/cli/index.js`;

export interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command as its own process and collects its output. */
export function runProcess(command: string, args: string[], env: Record<string, string | undefined> = {}): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** The committed CLI bundle, run the way users run it: `node dist/cli/index.js …`. */
export function runCli(args: string[], env: Record<string, string | undefined> = {}): Promise<ProcessResult> {
  return runProcess(process.execPath, [cliBundle, ...args], env);
}
