import { readdirSync, readFileSync } from 'node:fs';

/** (pid, ppid, cpu seconds) of every process, from /proc (Linux only). */
function allProcesses(): Array<{ pid: number; ppid: number; cpuS: number }> {
  const out = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the command name (which may contain spaces) start after the last ')'.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.push({ pid: Number(name), ppid: Number(f[1]), cpuS: (Number(f[11]) + Number(f[12])) / 100 });
    } catch {
      // The process ended while we read.
    }
  }
  return out;
}

/** CPU seconds (user + system) of a process and all its descendants (varnishd's cache child, nginx's worker). */
export function treeCpuSeconds(root: number): number {
  const procs = allProcesses();
  const inTree = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of procs) {
      if (!inTree.has(p.pid) && inTree.has(p.ppid)) {
        inTree.add(p.pid);
        grew = true;
      }
    }
  }
  return procs.filter((p) => inTree.has(p.pid)).reduce((s, p) => s + p.cpuS, 0);
}
