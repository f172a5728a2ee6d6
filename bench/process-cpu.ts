/**
 * CPU time of this process and every process it started (the Functions worker, Azurite), read from Linux's
 * /proc: a load-independent cost figure for benchmarks on a shared machine. Elsewhere it reports nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Linux reports CPU times in clock ticks of 1/100 s on every platform Node supports. */
const msPerTick = 10;

export interface ProcessCpu {
  readonly pid: number;
  readonly name: string;
  /** User + system CPU time so far, in milliseconds. */
  readonly cpuMs: number;
}

/** This process and its descendants; empty where /proc is not available. */
export function processTreeCpu(root = process.pid): ProcessCpu[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return [];
  }
  const all = new Map<number, ProcessCpu & { readonly parent: number }>();
  for (const entry of entries) {
    const stat = readStat(Number(entry));
    if (stat) all.set(stat.pid, stat);
  }
  const tree: ProcessCpu[] = [];
  const visit = (pid: number) => {
    const found = all.get(pid);
    if (!found) return;
    tree.push({ pid: found.pid, name: found.name, cpuMs: found.cpuMs });
    for (const child of all.values()) if (child.parent === pid) visit(child.pid);
  };
  visit(root);
  return tree;
}

/** Milliseconds of CPU each process of the tree used between two readings (processes in both). */
export function cpuBetween(before: readonly ProcessCpu[], after: readonly ProcessCpu[]): ProcessCpu[] {
  const earlier = new Map(before.map((entry) => [entry.pid, entry.cpuMs]));
  return after.map((entry) => ({ ...entry, cpuMs: entry.cpuMs - (earlier.get(entry.pid) ?? 0) }));
}

/**
 * The script a Node process runs (e.g. `worker-main.js`, `azurite`), which tells them apart better than `node`:
 * the first argument after the executable that is not a Node option (`--enable-source-maps`).
 */
function commandName(pid: number): string | undefined {
  try {
    const [, ...args] = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const script = args.find((arg) => arg !== '' && !arg.startsWith('-'));
    return script ? path.basename(script) : undefined;
  } catch {
    return undefined;
  }
}

function readStat(pid: number): (ProcessCpu & { readonly parent: number }) | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // ended meanwhile
  }
  // "pid (name) state ppid ... utime stime ...": the name may hold spaces and parentheses.
  const close = text.lastIndexOf(')');
  const name = text.slice(text.indexOf('(') + 1, close);
  const fields = text.slice(close + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { pid, name: commandName(pid) ?? name, parent: Number(fields[1]), cpuMs: ticks * msPerTick };
}
