/**
 * `wes node --devnet` as an operator runs it: a real process that prints its address, stops
 * cleanly on Ctrl-C (SIGINT) and continues the same chain when started again.
 */
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'dist/internal/cli/main.js');

interface Running {
  url: string;
  stop(): Promise<{ code: number | null; stderr: string }>;
}

function startNode(dataDir: string, keystore: string): Promise<Running> {
  const child = spawn(process.execPath, [CLI, 'node', '--devnet', '--port', '0', '--data', dataDir, '--keystore', keystore], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node did not start: ${stderr}`)), 30_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /API\s+(http:\/\/[0-9.:]+)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1]!,
          stop: async () => {
            child.kill('SIGINT');
            return { code: await exited, stderr };
          },
        });
      }
    });
    child.on('exit', (code) => reject(new Error(`node exited ${code}: ${stderr}`)));
  });
}

beforeAll(() => {
  // `make test` builds first; a bare `vitest run` on a fresh checkout builds here.
  if (!existsSync(CLI)) execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.json')], { cwd: ROOT });
});

describe('wes node --devnet process', () => {
  it('prints its address and dev account, stops cleanly on SIGINT, restarts on the same chain', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wes-node-'));
    const data = join(dir, 'data');
    const keystore = join(dir, 'ks.json');
    const first = await startNode(data, keystore);
    const status1 = (await (await fetch(`${first.url}/v1/status`)).json()) as { height: string; tipHash: string; chainId: string };
    expect(status1.chainId).toBe('wes-devnet');
    await fetch(`${first.url}/v1/blocks`, { method: 'POST' }); // one more block on demand
    const status2 = (await (await fetch(`${first.url}/v1/status`)).json()) as { height: string; tipHash: string };
    expect(status2.height).toBe('1');
    const stopped = await first.stop();
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toContain('stopped cleanly');

    const second = await startNode(data, keystore);
    const status3 = (await (await fetch(`${second.url}/v1/status`)).json()) as { height: string; tipHash: string };
    expect(status3).toMatchObject({ height: status2.height, tipHash: status2.tipHash });
    expect((await second.stop()).code).toBe(0);
  });
});
