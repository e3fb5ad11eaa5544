import { describe, expect, it } from 'vitest'
import { paced, RATE_LIMIT_PAUSE_MS } from '../../src/main/services/confirmations'
import { BridgeError } from '../../src/shared/ipc/result'

const rateLimited = (): BridgeError =>
  new BridgeError({ code: 'rate_limited', message: 'Too many requests', status: 429 })

describe('a confirmation batch meeting the API read limit', () => {
  it('waits and asks again instead of failing, then goes on', async () => {
    const answers: Array<BridgeError | string> = [rateLimited(), rateLimited(), 'the client']
    let reads = 0
    let waited = 0
    const result = await paced(
      async () => {
        const answer = answers[reads++]!
        if (answer instanceof BridgeError) throw answer
        return answer
      },
      () => {},
      async (ms) => {
        waited += ms
      }
    )
    expect(result).toBe('the client')
    expect(reads).toBe(3)
    expect(waited).toBe(2 * RATE_LIMIT_PAUSE_MS)
  })

  it('passes any other failure straight on', async () => {
    const notFound = new BridgeError({ code: 'not_found', message: 'No such client', status: 404 })
    await expect(
      paced(
        () => Promise.reject(notFound),
        () => {},
        async () => {}
      )
    ).rejects.toBe(notFound)
  })

  it('stops waiting as soon as the batch is cancelled', async () => {
    let cancelled = false
    let reads = 0
    const stopped = paced(
      async () => {
        reads++
        throw rateLimited()
      },
      () => {
        if (cancelled) throw new Error('cancelled')
      },
      async () => {
        cancelled = true
      }
    )
    await expect(stopped).rejects.toThrow('cancelled')
    expect(reads).toBe(1)
  })
})
