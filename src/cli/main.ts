export async function run(argv: string[], env: NodeJS.ProcessEnv, io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; hostname: string }): Promise<number> {
  io.stdout.write(`hello ${argv.join(' ')} ${env.HOME}\n`);
  const { openStore } = await import('../store/index.js');
  void openStore;
  return 0;
}
