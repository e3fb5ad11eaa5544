/**
 * A benchmark's load in a process of its own (bench/reads-load.ts, bench/search-load.ts): forked
 * with tsx, told things over IPC, and asked for one answer at a time, which its schema parses.
 * An answer `{ kind: 'failed' }`, or the process exiting while an answer is awaited, rejects.
 */
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { z } from 'zod'

export function forkLoad<Answer extends { kind: string; message?: string }>(
  script: URL,
  answerSchema: z.ZodType<Answer>
): {
  /** A message that gets no answer (a setup). */
  tell(message: unknown): void
  ask(message: unknown): Promise<Exclude<Answer, { kind: 'failed' }>>
  stop(): void
} {
  const name = fileURLToPath(script).split('/').at(-1)
  const child = fork(fileURLToPath(script), {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc']
  })
  let waiting: ((answer: Answer) => void) | undefined
  child.on('message', (message: unknown) => {
    const answer = answerSchema.parse(message)
    const done = waiting
    waiting = undefined
    done?.(answer)
  })
  const exited = new Promise<never>((_, reject) =>
    child.on('exit', (code) => reject(new Error(`${name} exited (${code})`)))
  )
  exited.catch(() => {})
  return {
    tell: (message) => child.send(message as object),
    ask: async (message) => {
      const answered = new Promise<Answer>((resolve) => (waiting = resolve))
      child.send(message as object)
      const answer = await Promise.race([answered, exited])
      if (answer.kind === 'failed') throw new Error(`${name}: ${answer.message}`)
      return answer as Exclude<Answer, { kind: 'failed' }>
    },
    stop: () => {
      child.removeAllListeners('exit')
      child.kill()
    }
  }
}
