import { describe, expect, it } from 'vitest'
import { hashPassword, verifyPassword } from '../../src/server/auth/password'
import { hashSessionToken, newSessionToken } from '../../src/server/auth/tokens'

describe('password hashing', () => {
  it('verifies the right password and rejects a wrong one', async () => {
    const stored = await hashPassword('correct horse battery staple')
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/)
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true)
    expect(await verifyPassword('correct horse battery stapler', stored)).toBe(false)
  })

  it('salts every hash', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'))
  })

  it.each(['', 'plain-text', 'scrypt$0$8$1$c2FsdA$aGFzaA', 'bcrypt$x$y$z$a$b'])(
    'treats an unreadable stored hash %j as a mismatch',
    async (stored) => {
      expect(await verifyPassword('anything', stored)).toBe(false)
    }
  )
})

describe('session tokens', () => {
  it('are 32 random bytes in base64url, stored only as a SHA-256 hex digest', () => {
    const token = newSessionToken()
    expect(token).toMatch(/^[\w-]{43}$/)
    expect(newSessionToken()).not.toBe(token)
    expect(hashSessionToken(token)).toMatch(/^[0-9a-f]{64}$/)
    expect(hashSessionToken(token)).toBe(hashSessionToken(token))
  })
})
