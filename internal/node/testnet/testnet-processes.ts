/**
 * Runs a generated testnet: per validator one app process (`wes node --cometbft`) and one
 * `cometbft start`, logs in the node's home (app.log, cometbft.log). Start order matters:
 * CometBFT dials the app's ABCI socket once at start, so the app must be listening first.
 * Stopping waits for every process to exit ('close'), CometBFT before its app so no block is
 * left half-applied; a process that does not exit within the grace period is SIGKILLed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ChainError } from '../../../pkg/errors.js';
import type { TestnetNode } from './testnet-layout.js';

export interface TestnetProcessOptions {
  readonly cometbft: string;
  /** dist/internal/cli/main.js */
  readonly cli: string;
  /** Hang detector for start-up and for each process's exit, ms. */
  readonly graceMs?: number;
}

interface Running {
  readonly child: ChildProcess;
  readonly closed: Promise<void>;
}

function run(command: string, args: readonly string[], logPath: string, onStdout?: (text: string) => void): Running {
  const log = openSync(logPath, 'a');
  const child = spawn(command, args, { stdio: ['ignore', onStdout ? 'pipe' : log, log] });
  child.stdout?.on('data', (d: Buffer) => {
    writeSync(log, d);
    onStdout?.(d.toString());
  });
  const closed = new Promise<void>((resolve) => child.once('close', () => {
    closeSync(log);
    resolve();
  }));
  return { child, closed };
}

export class TestnetProcesses {
  private readonly apps = new Map<number, Running>();
  private readonly chains = new Map<number, Running>();
  readonly apiUrls = new Map<number, string>();

  constructor(
    readonly nodes: readonly TestnetNode[],
    private readonly o: TestnetProcessOptions,
  ) {}

  private get graceMs(): number {
    return this.o.graceMs ?? 60_000;
  }

  /** Starts node i's app and waits until its API and ABCI socket are up; returns the API URL. */
  async startApp(i: number): Promise<string> {
    const n = this.nodes[i]!;
    let stdout = '';
    let ready: (url: string) => void = () => undefined;
    const url = new Promise<string>((resolve) => (ready = resolve));
    const r = run(process.execPath, [this.o.cli, 'node', '--cometbft', '--home', n.home, '--abci', n.abci, '--rpc', n.rpcUrl, '--port', String(n.ports.api)], join(n.home, 'app.log'), (text) => {
      stdout += text;
      const m = /API\s+(http:\/\/127\.0\.0\.1:[0-9]+)/.exec(stdout);
      if (m) ready(m[1]!);
    });
    this.apps.set(i, r);
    let timer: NodeJS.Timeout | undefined;
    try {
      const found = await Promise.race([
        url,
        r.closed.then(() => Promise.reject(new ChainError('TESTNET_START_FAILED', `node ${i}'s app exited during start-up; see ${join(n.home, 'app.log')}`))),
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new ChainError('TESTNET_START_FAILED', `node ${i}'s app did not start within ${this.graceMs} ms`)), this.graceMs))),
      ]);
      this.apiUrls.set(i, found);
      return found;
    } finally {
      clearTimeout(timer);
    }
  }

  startCometBft(i: number): void {
    const n = this.nodes[i]!;
    this.chains.set(i, run(this.o.cometbft, ['start', '--home', n.home], join(n.home, 'cometbft.log')));
  }

  async startNode(i: number): Promise<string> {
    const url = await this.startApp(i);
    this.startCometBft(i);
    return url;
  }

  async startAll(): Promise<string[]> {
    const urls: string[] = [];
    for (const n of this.nodes) urls.push(await this.startApp(n.index));
    for (const n of this.nodes) this.startCometBft(n.index);
    return urls;
  }

  isRunning(i: number): boolean {
    return this.apps.has(i) || this.chains.has(i);
  }

  private async end(map: Map<number, Running>, i: number, signal: NodeJS.Signals): Promise<void> {
    const r = map.get(i);
    if (r === undefined) return;
    map.delete(i);
    if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), this.graceMs)));
    if ((await Promise.race([r.closed, late])) === 'late') {
      r.child.kill('SIGKILL');
      await r.closed;
    }
    clearTimeout(timer);
  }

  /** SIGKILLs node i (CometBFT and app) — a crash, nothing flushed — and waits for both to be gone. */
  async crash(i: number): Promise<void> {
    await Promise.all([this.end(this.chains, i, 'SIGKILL'), this.end(this.apps, i, 'SIGKILL')]);
    this.apiUrls.delete(i);
  }

  /** Clean stop of node i: CometBFT first, then its app. */
  async stopNode(i: number): Promise<void> {
    await this.end(this.chains, i, 'SIGTERM');
    await this.end(this.apps, i, 'SIGTERM');
    this.apiUrls.delete(i);
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.nodes.map((n) => this.end(this.chains, n.index, 'SIGTERM')));
    await Promise.all(this.nodes.map((n) => this.end(this.apps, n.index, 'SIGTERM')));
    this.apiUrls.clear();
  }
}
