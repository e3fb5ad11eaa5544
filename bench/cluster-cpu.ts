/**
 * The CPU time a kept PostgreSQL cluster's processes have used, read from Linux's /proc: the
 * postmaster (its PID from postmaster.pid) and its children, the backends that serve the API's
 * pooled connections among them. bench:reads reads it around each slice, so the database's CPU
 * per request stands beside the API's and the load's (what a 2-core machine shares between them).
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

/**
 * A clock of the cluster's CPU: each call returns the microseconds of user + system CPU its
 * processes used since the previous call (since the reader was made, the first time). Counted
 * per process, so a backend that ends between calls takes away nothing; what it used since the
 * last call is lost with it. Null off Linux.
 */
export function clusterCpuReader(dataDir: string): (() => number) | null {
  let ticksPerSecond: number
  try {
    ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim())
    readdirSync('/proc')
  } catch {
    return null
  }
  const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0])
  const cpuTicksOf = (): Map<number, number> => {
    const ticks = new Map<number, number>()
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue
      const stat = statOf(entry)
      if (stat && (stat.pid === postmaster || stat.ppid === postmaster))
        ticks.set(stat.pid, stat.cpuTicks)
    }
    return ticks
  }
  let previous = cpuTicksOf()
  return () => {
    const now = cpuTicksOf()
    let used = 0
    // A process new since the last call used all of its CPU since then (PIDs are not reused
    // within a slice).
    for (const [pid, ticks] of now) used += ticks - (previous.get(pid) ?? 0)
    previous = now
    return (used / ticksPerSecond) * 1e6
  }
}

/** pid, ppid and utime + stime from /proc/<pid>/stat; null when the process has gone. */
function statOf(pid: string): { pid: number; ppid: number; cpuTicks: number } | null {
  let text: string
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return null
  }
  // The command name (field 2) is in parentheses and may hold spaces: the fields after it count
  // from its closing parenthesis (proc(5): state is field 3, ppid 4, utime 14, stime 15).
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
  return {
    pid: Number(pid),
    ppid: Number(fields[1]),
    cpuTicks: Number(fields[11]) + Number(fields[12])
  }
}
