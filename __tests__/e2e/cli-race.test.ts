import { describe, expect, it } from '@jest/globals';
import { persistentStores } from '../cli/stores.js';
import { runCli } from '../helpers/processes.js';

const AWS = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' };

// Races of real processes running the committed bundle: the claims of atomicity are about these.
describe.each(persistentStores)('racing processes on the $name store', (store) => {
  it('20 concurrent lock processes on one path: exactly one wins', async () => {
    const flags = await store.create();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        runCli(['lock', 'race/one', '--type', 'deploy', '--duration', '1h', '--owner', `job-${index}`, '--json', ...flags], AWS),
      ),
    );
    const codes = results.map((result) => result.code);
    expect(codes.filter((code) => code === 0)).toHaveLength(1);
    expect(codes.filter((code) => code === 1)).toHaveLength(19);
    const winner = JSON.parse(results.find((result) => result.code === 0)!.stdout).lock.owner;
    const stored = JSON.parse((await runCli(['list', '--json', ...flags], AWS)).stdout);
    expect(stored).toHaveLength(1);
    expect(stored[0].owner).toBe(winner);
    for (const loser of results.filter((result) => result.code === 1)) {
      expect(JSON.parse(loser.stdout)).toMatchObject({ locked: false, reason: 'held', blocking: [{ owner: winner }] });
    }
  });

  it('an ancestor freeze racing leaf deploys never leaves an unannounced forbidden pair', async () => {
    for (let round = 0; round < 3; round += 1) {
      const flags = await store.create();
      const leaves = Array.from({ length: 8 }, (_, index) => `apps/s/leaf-${index}`);
      const [freeze, ...leafResults] = await Promise.all([
        runCli(['lock', 'apps', '--type', 'freeze', '--duration', '1h', '--owner', 'incident', '--json', ...flags], AWS),
        ...leaves.map((leaf, index) =>
          runCli(['lock', leaf, '--type', 'deploy', '--duration', '1h', '--owner', `job-${index}`, '--json', ...flags], AWS),
        ),
      ]);
      expect(freeze!.code).toBe(0);
      const announced = JSON.parse(freeze!.stdout).below.map((lock: { path: string }) => lock.path);
      const stored = JSON.parse((await runCli(['list', '--json', ...flags], AWS)).stdout).map((lock: { path: string }) => lock.path);
      const survivingLeaves = stored.filter((path: string) => path !== 'apps');
      // A leaf in force under the freeze must have been there first: the freeze saw it and said so.
      for (const leaf of survivingLeaves) expect(announced).toContain(leaf);
      // Every leaf process agrees with the store: winners are stored, losers are not.
      leafResults.forEach((result, index) => {
        expect([0, 1]).toContain(result.code);
        expect(stored.includes(leaves[index])).toBe(result.code === 0);
        if (result.code === 1) expect(JSON.parse(result.stdout)).toMatchObject({ reason: 'ancestor', blocking: [{ path: 'apps' }] });
      });
    }
  });
});
