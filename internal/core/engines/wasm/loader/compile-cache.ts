/**
 * Two-tier cache of instrumented contracts: a bounded in-memory LRU of compiled modules and an
 * optional disk tier of instrumented bytes. Keys are sha256(wasm) + engine version + cost-table
 * version + limits fingerprint, so a change to any of them never reuses stale code. Disk entries
 * carry the sha256 of their own bytes, checked on every read: a corrupt or tampered file is a
 * miss (and is removed), never executed.
 *
 * The disk tier has a byte budget: it tracks its entries in recency order (file mtimes carry the
 * order across restarts; a hit touches the file) and evicts the least recently used ones to stay
 * within it. An entry larger than the whole budget is not written.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from '../../../../../pkg/hashes.js';
import { bytesEqual, fromHex, toHex } from '../../../../../pkg/encoding.js';
import type { ModuleSummary } from '../../../../../pkg/engine.js';

export interface CachedArtifact {
  readonly key: string;
  readonly instrumented: Uint8Array;
  readonly module: WebAssembly.Module;
  readonly summary: ModuleSummary;
}

export interface CacheStats {
  memoryHits: number;
  diskHits: number;
  misses: number;
  diskCorrupt: number;
  evictions: number;
  /** Disk entries removed to stay within the byte budget. */
  diskEvictions: number;
}

export interface DiskEntry {
  readonly instrumented: Uint8Array;
  readonly summary: ModuleSummary;
}

interface DiskHeader {
  readonly key: string;
  readonly sha256: string;
  readonly summary: Record<string, unknown>;
}

const MAGIC = new TextEncoder().encode('WESC1\n');

function summaryToJson(s: ModuleSummary): Record<string, unknown> {
  return { ...s, codeHash: toHex(s.codeHash), contractAddress: toHex(s.contractAddress) };
}

function summaryFromJson(j: Record<string, unknown>): ModuleSummary {
  return {
    ...(j as unknown as ModuleSummary),
    codeHash: fromHex(j['codeHash'] as string),
    contractAddress: fromHex(j['contractAddress'] as string),
  };
}

const SUFFIX = '.wesc';

export class CompileCache {
  private readonly memory = new Map<string, CachedArtifact>();
  /** Disk entries (key -> file bytes), least recently used first. */
  private readonly disk = new Map<string, number>();
  private diskUsed = 0;
  readonly stats: CacheStats = { memoryHits: 0, diskHits: 0, misses: 0, diskCorrupt: 0, evictions: 0, diskEvictions: 0 };

  constructor(
    private readonly memoryEntries: number,
    private readonly diskDir: string | undefined,
    private readonly diskBudgetBytes = Number.POSITIVE_INFINITY,
  ) {
    if (diskDir === undefined) return;
    mkdirSync(diskDir, { recursive: true });
    this.scanDisk(diskDir);
    this.evictDisk(undefined);
  }

  /** Bytes the disk tier holds now. */
  get diskBytes(): number {
    return this.diskUsed;
  }

  /** Rebuilds the recency order from the files (oldest mtime first) and drops stray temp files. */
  private scanDisk(dir: string): void {
    const found: { key: string; size: number; mtime: number }[] = [];
    for (const name of readdirSync(dir)) {
      const file = join(dir, name);
      if (name.endsWith('.tmp')) {
        rmSync(file, { force: true });
        continue;
      }
      if (!name.endsWith(SUFFIX)) continue;
      try {
        const st = statSync(file);
        if (st.isFile()) found.push({ key: name.slice(0, -SUFFIX.length), size: st.size, mtime: st.mtimeMs });
      } catch {
        // Vanished between readdir and stat: nothing to track.
      }
    }
    found.sort((a, b) => a.mtime - b.mtime || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const f of found) this.track(f.key, f.size);
  }

  private track(key: string, size: number): void {
    this.untrack(key);
    this.disk.set(key, size);
    this.diskUsed += size;
  }

  private untrack(key: string): void {
    const size = this.disk.get(key);
    if (size === undefined) return;
    this.disk.delete(key);
    this.diskUsed -= size;
  }

  /** Removes least recently used entries (never `keep`) until the tier is within budget. */
  private evictDisk(keep: string | undefined): void {
    for (const key of [...this.disk.keys()]) {
      if (this.diskUsed <= this.diskBudgetBytes) return;
      if (key === keep) continue;
      this.untrack(key);
      rmSync(this.path(key), { force: true });
      this.stats.diskEvictions++;
    }
  }

  getMemory(key: string): CachedArtifact | undefined {
    const hit = this.memory.get(key);
    if (hit !== undefined) {
      // Re-insert to mark as most recently used.
      this.memory.delete(key);
      this.memory.set(key, hit);
      this.stats.memoryHits++;
    }
    return hit;
  }

  putMemory(artifact: CachedArtifact): void {
    this.memory.set(artifact.key, artifact);
    while (this.memory.size > this.memoryEntries) {
      const oldest = this.memory.keys().next().value as string;
      this.memory.delete(oldest);
      this.stats.evictions++;
    }
  }

  private path(key: string): string {
    return join(this.diskDir as string, `${key}${SUFFIX}`);
  }

  getDisk(key: string): DiskEntry | undefined {
    if (this.diskDir === undefined) return undefined;
    let file: Uint8Array;
    try {
      file = readFileSync(this.path(key));
    } catch {
      return undefined;
    }
    const entry = this.decode(key, file);
    if (entry === undefined) {
      this.stats.diskCorrupt++;
      this.untrack(key);
      rmSync(this.path(key), { force: true });
      return undefined;
    }
    this.stats.diskHits++;
    // Most recently used now, in this process and (by mtime) after a restart.
    this.track(key, file.length);
    try {
      const now = new Date();
      utimesSync(this.path(key), now, now);
    } catch {
      // Recency across restarts is best effort; the entry itself was read and checked.
    }
    return entry;
  }

  private decode(key: string, file: Uint8Array): DiskEntry | undefined {
    try {
      if (!bytesEqual(file.subarray(0, MAGIC.length), MAGIC)) return undefined;
      const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
      const headerLen = view.getUint32(MAGIC.length, false);
      const headerStart = MAGIC.length + 4;
      const header = JSON.parse(new TextDecoder().decode(file.subarray(headerStart, headerStart + headerLen))) as DiskHeader;
      const instrumented = new Uint8Array(file.subarray(headerStart + headerLen));
      if (header.key !== key || header.sha256 !== toHex(sha256(instrumented))) return undefined;
      return { instrumented, summary: summaryFromJson(header.summary) };
    } catch {
      return undefined;
    }
  }

  putDisk(key: string, entry: DiskEntry): void {
    if (this.diskDir === undefined) return;
    const header = new TextEncoder().encode(
      JSON.stringify({ key, sha256: toHex(sha256(entry.instrumented)), summary: summaryToJson(entry.summary) } satisfies DiskHeader),
    );
    const out = new Uint8Array(MAGIC.length + 4 + header.length + entry.instrumented.length);
    out.set(MAGIC, 0);
    new DataView(out.buffer).setUint32(MAGIC.length, header.length, false);
    out.set(header, MAGIC.length + 4);
    out.set(entry.instrumented, MAGIC.length + 4 + header.length);
    if (out.length > this.diskBudgetBytes) return;
    // Write-then-rename: a crash never leaves a half-written entry under the real name.
    const tmp = `${this.path(key)}.${process.pid}.tmp`;
    writeFileSync(tmp, out);
    renameSync(tmp, this.path(key));
    this.track(key, out.length);
    this.evictDisk(key);
  }

  clearMemory(): void {
    this.memory.clear();
  }
}
