import { errorMessage, EXIT_OK, EXIT_STORE, EXIT_USAGE, StoreError, UsageError } from '../core/errors.js';
import { parseNow, parseRequest } from '../core/request.js';
import { LockService, systemClock } from '../service.js';
import { openStore, parseStoreOptions } from '../store/index.js';
import { execute, outcomeExitCode } from '../run.js';
import { VERSION } from '../version.js';
import { helpText, parseCliArgs } from './options.js';
import { renderJson, renderText, waitingLine } from './render.js';

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  hostname: string;
}

/** The whole CLI as a function: argv (without node and script) in, exit code out. No process globals. */
export async function run(argv: string[], env: Readonly<Record<string, string | undefined>>, io: CliIo): Promise<number> {
  const print = (text: string) => io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  try {
    const args = parseCliArgs(argv, env);
    if (args.help) {
      print(helpText());
      return EXIT_OK;
    }
    if (args.command === undefined && !args.version) {
      // No command is a usage error: the help goes where errors go, so scripts do not parse it as output.
      io.stderr.write(`${helpText()}\n`);
      return EXIT_USAGE;
    }
    if (args.version || args.command === undefined) {
      print(VERSION);
      return EXIT_OK;
    }
    const nowOverride = parseNow(args.options.now);
    const clock = systemClock(nowOverride);
    const now = clock();
    // Everything is validated before a store is opened: bad input never writes.
    const storeOptions = parseStoreOptions(args.store, { env, now });
    if (args.command === 'setup') return await setup(storeOptions, print);
    const parsed = parseRequest(args.command, args.options, { env, now, hostname: io.hostname });
    if (nowOverride !== undefined && (args.command === 'lock' || args.command === 'unlock') && storeOptions.storage !== 'memory') {
      // On a shared store a pretend time would let lock take over, or unlock see as expired, a lock still in force.
      throw new UsageError('--now', `--now cannot be used with ${args.command} on the ${storeOptions.storage} store (it would misjudge locks in force); use it with check, list and prune, or with --storage memory.`);
    }
    if (storeOptions.storage === 'memory' && (args.command === 'lock' || args.command === 'unlock' || args.command === 'prune')) {
      io.stderr.write('Note: the memory store lasts only as long as this command; use --storage file or dynamodb to keep locks.\n');
    }

    const store = await openStore(storeOptions);
    try {
      const service = new LockService(store, clock);
      const outcome = await execute(parsed, service, {
        onWait: (blocking, remaining) => io.stderr.write(`${waitingLine(blocking, remaining)}\n`),
      });
      print(args.json ? JSON.stringify(renderJson(outcome), null, 2) : renderText(outcome));
      return outcomeExitCode(outcome);
    } finally {
      await store.close();
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`deploy-lock: ${errorMessage(error)}\n`);
      return EXIT_USAGE;
    }
    const prefix = error instanceof StoreError ? 'storage error' : 'unexpected error';
    io.stderr.write(`deploy-lock: ${prefix}: ${errorMessage(error)}\n`);
    return EXIT_STORE;
  }
}

async function setup(
  options: Awaited<ReturnType<typeof parseStoreOptions>>,
  print: (text: string) => unknown,
): Promise<number> {
  if (options.storage !== 'dynamodb') {
    print(`Nothing to set up for the ${options.storage} store; setup creates a DynamoDB table (use --table or --storage dynamodb).`);
    return EXIT_OK;
  }
  const { ensureTable } = await import('../store/dynamo.js');
  const result = await ensureTable({
    table: options.table,
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  });
  print(result.created ? `Created DynamoDB table '${options.table}' (hash key path).` : `DynamoDB table '${options.table}' already exists.`);
  for (const note of result.notes) print(note);
  return EXIT_OK;
}
