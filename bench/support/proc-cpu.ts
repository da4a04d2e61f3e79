// CPU time of a process and all its descendants, read from /proc (Linux): what `npm start` costs
// the machine, the JVM of DynamoDB Local included. Children that exited and were reaped count
// through their parent's cutime/cstime.
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on every Linux we run on). */
const TICKS_PER_SECOND = 100;

interface ProcStat {
  pid: number;
  ppid: number;
  name: string;
  /** utime + stime + cutime + cstime, in ticks. */
  ticks: number;
}

const readStat = (pid: number): ProcStat | undefined => {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The name is in parentheses and may hold spaces; fields after it are space-separated.
    const close = text.lastIndexOf(')');
    const name = text.slice(text.indexOf('(') + 1, close);
    const fields = text.slice(close + 2).split(' ');
    // fields[0] is state (stat field 3): ppid is field 4, utime 14, stime 15, cutime 16, cstime 17.
    const at = (field: number): number => Number(fields[field - 3]);
    return { pid, ppid: at(4), name, ticks: at(14) + at(15) + at(16) + at(17) };
  } catch {
    return undefined; // exited while we looked
  }
};

/** The process `root` and every descendant, by name, with its CPU seconds so far. */
export const treeCpu = (root: number): { pid: number; name: string; seconds: number }[] => {
  const all = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map((entry) => readStat(Number(entry)))
    .filter((stat): stat is ProcStat => stat !== undefined);
  const children = new Map<number, ProcStat[]>();
  for (const stat of all) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
  const rootStat = all.find((stat) => stat.pid === root);
  if (rootStat === undefined) return [];
  const tree: ProcStat[] = [];
  const queue = [rootStat];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    tree.push(next);
    queue.push(...(children.get(next.pid) ?? []));
  }
  return tree.map((stat) => ({ pid: stat.pid, name: stat.name, seconds: stat.ticks / TICKS_PER_SECOND }));
};

/** Per pid CPU seconds spent between two treeCpu samples (processes present in the later one). */
export const cpuBetween = (
  before: { pid: number; name: string; seconds: number }[],
  after: { pid: number; name: string; seconds: number }[],
): { pid: number; name: string; seconds: number }[] =>
  after.map((now) => ({ ...now, seconds: now.seconds - (before.find((then) => then.pid === now.pid)?.seconds ?? 0) }));
