import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, chown, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)
const BIN = '/usr/lib/postgresql/15/bin'

export interface Cluster {
  url: string
  stop(): Promise<void>
  /**
   * kill -9 of the postmaster and every backend, as a power cut or the OOM killer would; resolves
   * once all of them are gone and the stale postmaster.pid is removed.
   */
  crash(): Promise<void>
  /** Starts the crashed (or stopped) server again on the same data and port: crash recovery. */
  restart(): Promise<void>
}

export interface ClusterOptions {
  /**
   * Tests turn durability off (fsync, synchronous commit) for speed; a benchmark of durable
   * writes keeps PostgreSQL's defaults.
   */
  durable?: boolean
  /**
   * A fixed directory whose cluster outlives the run: created on first use, started again on its
   * existing data later, never deleted by `stop`. The benchmarks keep their 1.5 million seeded
   * clients here between runs. Without it the cluster lives in a fresh temp dir.
   */
  root?: string
}

/**
 * Starts a throwaway PostgreSQL 15 cluster in a temp dir named consent-desk-pg-* (.ci/run stops
 * any such server a crashed run leaves behind), on a free loopback port.
 */
export async function startThrowawayCluster({
  durable = false,
  root: keptRoot
}: ClusterOptions = {}): Promise<Cluster> {
  if (keptRoot) await mkdir(keptRoot, { recursive: true })
  const root = keptRoot ?? (await mkdtemp(join(tmpdir(), 'consent-desk-pg-')))
  const dataDir = join(root, 'data')
  const existing = keptRoot !== undefined && existsSync(join(dataDir, 'PG_VERSION'))
  if (existing) {
    const running = await runningPort(join(dataDir, 'postmaster.pid'))
    if (running !== null) return alreadyRunning(running)
  }
  // initdb and postgres refuse to run as root, so as root we run them as the postgres user.
  const asRoot = process.getuid?.() === 0
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres'])
    const { stdout: gid } = await run('id', ['-g', 'postgres'])
    await chown(root, Number(stdout.trim()), Number(gid.trim()))
  }
  await chmod(root, 0o700)
  const command = (binary: string, args: string[]): [string, string[]] =>
    asRoot
      ? ['runuser', ['-u', 'postgres', '--', join(BIN, binary), ...args]]
      : [join(BIN, binary), args]

  const [initCmd, initArgs] = command('initdb', [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth=trust',
    '--encoding=UTF8',
    '--locale=C.UTF-8',
    '--no-sync'
  ])
  if (!existing) await run(initCmd, initArgs)
  // A kept cluster that was killed leaves its postmaster.pid; postgres refuses to start over a
  // live one but recovers from a stale one by itself.

  const port = await freePort()
  const [pgCmd, pgArgs] = command('postgres', [
    '-D',
    dataDir,
    '-k',
    root,
    '-h',
    '127.0.0.1',
    '-p',
    String(port),
    ...(durable
      ? []
      : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
    '-c',
    'max_connections=200'
  ])
  let log = ''
  const launch = (): ChildProcess => {
    const child = spawn(pgCmd, pgArgs, { stdio: ['ignore', 'ignore', 'pipe'] })
    child.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString()
    })
    return child
  }
  let server = launch()
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`
  try {
    await waitUntilReady(server, port, () => log)
  } catch (error) {
    server.kill('SIGKILL')
    if (!keptRoot) await rm(root, { recursive: true, force: true })
    throw error
  }

  return {
    url,
    stop: async () => {
      // pg_ctl -w returns once the server has finished writing its files; only then delete them.
      const [stopCmd, stopArgs] = command('pg_ctl', ['stop', '-D', dataDir, '-m', 'fast', '-w'])
      await run(stopCmd, stopArgs).catch(() => undefined)
      await stopServer(server)
      if (!keptRoot) await rm(root, { recursive: true, force: true, maxRetries: 5 })
    },
    crash: async () => {
      await killPostmaster(join(dataDir, 'postmaster.pid'))
      // runuser (when root) exits with the postmaster it waited for.
      await stopServer(server)
    },
    restart: async () => {
      server = launch()
      await waitUntilReady(server, port, () => log)
    }
  }
}

/**
 * SIGKILL to the postmaster (its PID from postmaster.pid, never by name) and to its children,
 * then waits until none is left: a backend still alive would keep the shared memory and stop
 * the restart. The stale postmaster.pid goes only after its PID is confirmed dead (PIDs are
 * reused; reliability-anchors §4.4).
 */
async function killPostmaster(pidFile: string): Promise<void> {
  const postmaster = Number((await readFile(pidFile, 'utf8')).split('\n')[0])
  const { stdout } = await run('ps', ['-o', 'pid=', '--ppid', String(postmaster)]).catch(() => ({
    stdout: ''
  }))
  const pids = [
    postmaster,
    ...stdout
      .split('\n')
      .map(Number)
      .filter((pid) => pid > 0)
  ]
  for (const pid of pids) signal(pid, 'SIGKILL')
  const deadline = Date.now() + 10_000
  while (pids.some(isAlive)) {
    if (Date.now() > deadline) throw new Error(`postgres processes survived SIGKILL: ${pids}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  await rm(pidFile, { force: true })
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name)
  } catch {
    // Already gone.
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

async function waitUntilReady(
  server: ChildProcess,
  port: number,
  log: () => string
): Promise<void> {
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`postgres exited early:\n${log()}`)
    try {
      await run(join(BIN, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres'])
      return
    } catch {
      // pg_isready fails until the server accepts connections; ask again shortly.
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  throw new Error(`postgres did not start within 30 s:\n${log()}`)
}

function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    server.once('exit', () => resolve())
    // SIGINT is PostgreSQL's "fast shutdown": disconnect clients, no waiting.
    server.kill('SIGINT')
  })
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => {
        if (address && typeof address === 'object') resolve(address.port)
        else reject(new Error('no port'))
      })
    })
  })
}

/**
 * The port of a kept cluster's live postmaster (another benchmark started it), or null when
 * postmaster.pid is missing or stale.
 */
async function runningPort(pidFile: string): Promise<number | null> {
  const lines = await readFile(pidFile, 'utf8').then(
    (text) => text.split('\n'),
    () => null
  )
  if (!lines || !isAlive(Number(lines[0]))) return null
  const port = Number(lines[3])
  return Number.isInteger(port) && port > 0 ? port : null
}

/** A cluster someone else started and will stop: using it never stops or crashes it. */
function alreadyRunning(port: number): Cluster {
  const refuse = (): Promise<void> =>
    Promise.reject(new Error('this cluster belongs to another process'))
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => Promise.resolve(),
    crash: refuse,
    restart: refuse
  }
}
