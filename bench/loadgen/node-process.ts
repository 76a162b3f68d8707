/**
 * A devnet node in its own process, started by the load generator: the node's CPU and memory
 * are read from /proc so they are the node's alone, not the client's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../lib/paths.js';

export interface NodeProcess {
  readonly url: string;
  readonly pid: number;
  /** CPU seconds (user + system) the node has used so far. */
  cpuSeconds(): number;
  /** CPU seconds of the node's main (event-loop) thread alone: the serial part, which sets the ceiling. */
  mainThreadCpuSeconds(): number;
  /** CPU seconds per thread name (libuv pool, V8 platform/GC workers, worker threads), for a breakdown. */
  threadCpuSeconds(): Map<string, number>;
  /** Resident set size in MiB now. */
  rssMiB(): number;
  stop(): Promise<void>;
}

/** Linux reports process times in clock ticks; 100 per second on every x86-64 kernel config in use. */
const CLOCK_TICKS = 100;

function procCpuSeconds(pid: number, task?: number): number {
  const stat = readFileSync(task === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${task}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

function threadCpu(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      const name = task === String(pid) ? 'main' : readFileSync(`/proc/${pid}/task/${task}/comm`, 'utf8').trim();
      out.set(name, (out.get(name) ?? 0) + procCpuSeconds(pid, Number(task)));
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

function procRssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

export interface NodeOptions {
  readonly dataDir: string;
  readonly keystore: string;
  readonly blockIntervalMs: number;
  readonly nodeFlags?: readonly string[];
}

export function startNode(opts: NodeOptions): Promise<NodeProcess> {
  const cli = join(repoRoot(), 'dist', 'internal', 'cli', 'main.js');
  const args = [...(opts.nodeFlags ?? []), cli, 'node', '--devnet', '--data', opts.dataDir, '--keystore', opts.keystore, '--port', '0', '--block-interval', String(opts.blockIntervalMs)];
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const closed = new Promise<void>((done) => child.once('close', () => done()));
  let log = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      log += chunk.toString();
      const m = /API\s+(http:\/\/\S+)/.exec(log);
      if (m) {
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        const pid = child.pid!;
        resolve({
          url: m[1]!,
          pid,
          cpuSeconds: () => procCpuSeconds(pid),
          // The main thread's task id is the process id.
          mainThreadCpuSeconds: () => procCpuSeconds(pid, pid),
          threadCpuSeconds: () => threadCpu(pid),
          rssMiB: () => procRssMiB(pid),
          stop: async () => {
            child.kill('SIGINT');
            await closed;
          },
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => (log += c.toString()));
    child.once('close', (code) => reject(new Error(`the node exited (${code}) before it was ready:\n${log}`)));
  });
}
