import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PASSWORD_PROBLEM_MESSAGES } from '../../src/shared/domain/password-policy'
import { DEMO_CENTRE } from '../../src/server/seed/seed-database'
import { bearer, createTestApi, TEST_PASSWORD, type TestApi } from '../support/test-api'

/**
 * Staff administration (issue 10, item 3). Before it, the only way to create staff on PostgreSQL
 * was the seed with one shared password: these tests create, change and disable accounts through
 * the API, on both databases.
 */

interface Account {
  id: string
  username: string
  displayName: string
  roles: string[]
  centre: { id: string; name: string }
  account: {
    disabled: boolean
    lockedUntil: string | null
    mustChangePassword: boolean
    createdAt: string
    updatedAt: string | null
    version: number
  }
}

// Long, uncommon, unrelated to any name: acceptable under every rule.
const ONE_TIME = 'harbour-lantern-violet-29'
const OWN_PASSWORD = 'quiet river under amber sky'

let api: TestApi
let adminToken: string
let counter = 0

beforeAll(async () => {
  api = await createTestApi()
  adminToken = await api.tokenFor('admin')
})
afterAll(async () => {
  await api.close()
})

function uniqueUsername(): string {
  counter += 1
  return `staff.member${counter}`
}

async function createStaff(
  overrides: Record<string, unknown> = {},
  token = adminToken
): Promise<{ statusCode: number; json: () => unknown }> {
  return api.app.inject({
    method: 'POST',
    url: '/v1/staff',
    headers: bearer(token),
    payload: {
      username: uniqueUsername(),
      displayName: 'Zane Kļaviņa',
      roles: ['agent'],
      centreId: DEMO_CENTRE.id,
      oneTimePassword: ONE_TIME,
      ...overrides
    }
  })
}

async function created(overrides: Record<string, unknown> = {}): Promise<Account> {
  const response = await createStaff(overrides)
  expect(response.statusCode).toBe(201)
  return response.json() as Account
}

function patchStaff(
  account: Pick<Account, 'id' | 'account'>,
  payload: Record<string, unknown>,
  token = adminToken
) {
  return api.app.inject({
    method: 'PATCH',
    url: `/v1/staff/${account.id}`,
    headers: { ...bearer(token), 'if-match': `"${account.account.version}"` },
    payload
  })
}

function login(username: string, password: string) {
  return api.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username, password } })
}

async function tokenOf(username: string, password: string): Promise<string> {
  const response = await login(username, password)
  expect(response.statusCode).toBe(200)
  return (response.json() as { token: string }).token
}

function changePassword(token: string, currentPassword: string, newPassword: string) {
  return api.app.inject({
    method: 'POST',
    url: '/v1/auth/password',
    headers: bearer(token),
    payload: { currentPassword, newPassword }
  })
}

async function adminEvents(staffId: string) {
  return api.database.db
    .selectFrom('staff_admin_events')
    .select(['actor_id', 'action', 'changes', 'at'])
    .where('staff_id', '=', staffId)
    .orderBy('id')
    .execute()
}

async function adminId(): Promise<string> {
  const me = await api.app.inject({
    method: 'GET',
    url: '/v1/auth/me',
    headers: bearer(adminToken)
  })
  return (me.json() as { id: string }).id
}

describe('POST /v1/staff', () => {
  it('creates an account an admin can then see, with a one-time password to change', async () => {
    const account = await created({ roles: ['agent', 'reviewer'], username: 'Ruta.Egle' })
    expect(account).toMatchObject({
      username: 'ruta.egle',
      displayName: 'Zane Kļaviņa',
      roles: ['agent', 'reviewer'],
      centre: { id: DEMO_CENTRE.id, name: DEMO_CENTRE.name },
      account: { disabled: false, lockedUntil: null, mustChangePassword: true, version: 1 }
    })
    expect(JSON.stringify(account)).not.toContain(ONE_TIME)

    const list = await api.app.inject({
      method: 'GET',
      url: '/v1/staff',
      headers: bearer(adminToken)
    })
    expect(list.statusCode).toBe(200)
    const { items, centres } = list.json() as { items: Account[]; centres: unknown[] }
    expect(items.find((item) => item.id === account.id)).toEqual(account)
    // Every account, system accounts and admins included, each with its state.
    expect(items.map((item) => item.username)).toEqual(
      expect.arrayContaining(['admin', 'integration', 'agent', 'ruta.egle'])
    )
    expect(items.every((item) => item.account !== undefined)).toBe(true)
    expect(centres).toEqual([DEMO_CENTRE])
  })

  it('records who created the account, when, and what, without the password', async () => {
    const account = await created()
    const events = await adminEvents(account.id)
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      actor_id: await adminId(),
      action: 'created',
      changes: {
        username: account.username,
        displayName: account.displayName,
        roles: ['agent'],
        centreId: DEMO_CENTRE.id
      }
    })
    expect(JSON.stringify(events)).not.toContain(ONE_TIME)
  })

  it('stores only a hash of the one-time password', async () => {
    const account = await created()
    const row = await api.database.db
      .selectFrom('staff')
      .select('password_hash')
      .where('id', '=', account.id)
      .executeTakeFirstOrThrow()
    expect(row.password_hash).toMatch(/^scrypt\$/)
    expect(row.password_hash).not.toContain(ONE_TIME)
  })

  it('answers 409 username_taken for a username that exists, in any case', async () => {
    const response = await createStaff({ username: 'AGENT' })
    expect(response.statusCode).toBe(409)
    expect(response.json()).toMatchObject({
      code: 'username_taken',
      fields: [{ path: 'username', message: 'is taken' }]
    })
  })

  it('refuses an unknown centre, no roles, a repeated role and an unknown role', async () => {
    const centre = await createStaff({ centreId: 'nowhere' })
    expect(centre.statusCode).toBe(400)
    expect(centre.json()).toMatchObject({ fields: [{ path: 'centreId' }] })
    for (const roles of [[], ['agent', 'agent'], ['owner']]) {
      const response = await createStaff({ roles })
      expect(response.statusCode).toBe(400)
      expect(response.json()).toMatchObject({ code: 'validation_failed' })
    }
  })

  describe('the one-time password follows NIST SP 800-63B', () => {
    it.each([
      ['11 characters', 'abcdefghijk', 'too_short'],
      ['129 characters', 'x'.repeat(64) + 'y'.repeat(65), 'too_long'],
      ['a common password, in any case', 'QWERTY123456', 'common'],
      ['one character repeated', 'zzzzzzzzzzzzzz', 'repetitive'],
      ['the username inside', 'my-name-is-staff.member-ok', 'contains_username'],
      ['a part of the display name', 'kļaviņa-and-the-sea', 'contains_name']
    ] as const)('refuses %s with a field error', async (_label, password, problem) => {
      const response = await createStaff({
        username: 'staff.member',
        oneTimePassword: password
      })
      expect(response.statusCode).toBe(400)
      expect(response.json()).toMatchObject({
        code: 'validation_failed',
        fields: expect.arrayContaining([
          { path: 'oneTimePassword', message: PASSWORD_PROBLEM_MESSAGES[problem] }
        ])
      })
    })

    it('counts code points after NFKC, not UTF-16 units', async () => {
      // 11 emoji: 22 UTF-16 units, but 11 characters.
      const elevenEmoji = '🦊🐻🐼🐨🐯🦁🐮🐷🐸🐵🐔'
      const short = await createStaff({ oneTimePassword: elevenEmoji })
      expect(short.statusCode).toBe(400)
      expect(short.json()).toMatchObject({
        fields: [{ path: 'oneTimePassword', message: PASSWORD_PROBLEM_MESSAGES.too_short }]
      })
      // 12 code points after NFKC (ﬁ becomes "fi"), with no composition rules: letters only.
      const twelve = await createStaff({ oneTimePassword: 'ﬁeldmouseāž' })
      expect(twelve.statusCode).toBe(201)
    })

    it('accepts a long passphrase of plain words and spaces', async () => {
      const response = await createStaff({ oneTimePassword: 'correct horse battery staple' })
      expect(response.statusCode).toBe(201)
    })
  })
})

describe('first sign-in with a one-time password', () => {
  it('signs in with mustChangePassword, allows only the change, then the desk works', async () => {
    const account = await created({ roles: ['agent'] })
    const response = await login(account.username, ONE_TIME)
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ mustChangePassword: true })
    const token = (response.json() as { token: string }).token

    for (const request of [
      { method: 'GET' as const, url: '/v1/clients?q=berzins' },
      { method: 'GET' as const, url: '/v1/auth/me' }
    ]) {
      const refused = await api.app.inject({ ...request, headers: bearer(token) })
      expect(refused.statusCode).toBe(403)
      expect(refused.json()).toMatchObject({ code: 'password_change_required' })
    }

    expect((await changePassword(token, ONE_TIME, OWN_PASSWORD)).statusCode).toBe(204)
    // The same session now works, and the next sign-in no longer asks for a change.
    const search = await api.app.inject({
      method: 'GET',
      url: '/v1/clients?q=berzins',
      headers: bearer(token)
    })
    expect(search.statusCode).toBe(200)
    const again = await login(account.username, OWN_PASSWORD)
    expect(again.json()).toMatchObject({ mustChangePassword: false })
    expect((await login(account.username, ONE_TIME)).statusCode).toBe(401)
  })

  it('lets the session sign out before changing', async () => {
    const account = await created()
    const token = await tokenOf(account.username, ONE_TIME)
    const logout = await api.app.inject({
      method: 'POST',
      url: '/v1/auth/logout',
      headers: bearer(token)
    })
    expect(logout.statusCode).toBe(204)
  })

  it('refuses to keep the one-time password as the new one', async () => {
    const account = await created()
    const token = await tokenOf(account.username, ONE_TIME)
    const response = await changePassword(token, ONE_TIME, ONE_TIME)
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({
      fields: [{ path: 'newPassword', message: PASSWORD_PROBLEM_MESSAGES.reused }]
    })
  })
})

describe('POST /v1/auth/password', () => {
  it('lets anyone change their own password, checked by the same rules', async () => {
    const account = await created()
    const token = await tokenOf(account.username, ONE_TIME)
    const weak = await changePassword(token, ONE_TIME, 'password1234')
    expect(weak.statusCode).toBe(400)
    expect(weak.json()).toMatchObject({
      fields: [{ path: 'newPassword', message: PASSWORD_PROBLEM_MESSAGES.common }]
    })
    expect((await changePassword(token, ONE_TIME, OWN_PASSWORD)).statusCode).toBe(204)
    expect((await changePassword(token, OWN_PASSWORD, `${OWN_PASSWORD} again`)).statusCode).toBe(
      204
    )
    const events = await adminEvents(account.id)
    expect(events.map((event) => event.action)).toEqual([
      'created',
      'password_changed',
      'password_changed'
    ])
  })

  it('answers 400 on the current password field when it is wrong, keeping the session', async () => {
    const account = await created()
    const token = await tokenOf(account.username, ONE_TIME)
    const response = await changePassword(token, 'not-the-password', OWN_PASSWORD)
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({
      fields: [{ path: 'currentPassword', message: 'is not your current password' }]
    })
    expect((await changePassword(token, ONE_TIME, OWN_PASSWORD)).statusCode).toBe(204)
  })

  it("ends the person's other sessions, not the one that changed it", async () => {
    const account = await created()
    const first = await tokenOf(account.username, ONE_TIME)
    const second = await tokenOf(account.username, ONE_TIME)
    expect((await changePassword(second, ONE_TIME, OWN_PASSWORD)).statusCode).toBe(204)
    const me = (token: string) =>
      api.app.inject({ method: 'GET', url: '/v1/auth/me', headers: bearer(token) })
    expect((await me(first)).statusCode).toBe(401)
    expect((await me(second)).statusCode).toBe(200)
  })

  it('normalises NFKC: a composed and a decomposed letter are the same password', async () => {
    const account = await created()
    const token = await tokenOf(account.username, ONE_TIME)
    const composed = 'mājas-logs-ziemā-2026'
    expect((await changePassword(token, ONE_TIME, composed)).statusCode).toBe(204)
    const decomposed = composed.normalize('NFD')
    expect(decomposed).not.toBe(composed)
    expect((await login(account.username, decomposed)).statusCode).toBe(200)
  })
})

describe('PATCH /v1/staff/{id}', () => {
  it('changes name, roles and centre, moves the version on and records from → to', async () => {
    await api.database.owner
      .insertInto('centres')
      .values({ id: 'liepaja', name: 'Liepāja, Lielā iela 13' })
      .execute()
    const account = await created()
    const response = await patchStaff(account, {
      displayName: 'Zane Kļaviņa-Ozola',
      roles: ['agent', 'supervisor'],
      centreId: 'liepaja'
    })
    expect(response.statusCode).toBe(200)
    expect(response.headers['etag']).toBe('"2"')
    expect(response.json()).toMatchObject({
      displayName: 'Zane Kļaviņa-Ozola',
      roles: ['agent', 'supervisor'],
      centre: { id: 'liepaja', name: 'Liepāja, Lielā iela 13' },
      account: { version: 2 }
    })
    const events = await adminEvents(account.id)
    expect(events[1]).toMatchObject({
      actor_id: await adminId(),
      action: 'updated',
      changes: {
        displayName: { from: 'Zane Kļaviņa', to: 'Zane Kļaviņa-Ozola' },
        roles: { from: ['agent'], to: ['agent', 'supervisor'] },
        centreId: { from: DEMO_CENTRE.id, to: 'liepaja' }
      }
    })
  })

  it('disables an account: its sessions end at once and it signs in like a stranger', async () => {
    const account = await created()
    const token = await tokenOf(account.username, ONE_TIME)
    await changePassword(token, ONE_TIME, OWN_PASSWORD)

    const response = await patchStaff(account, { disabled: true })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ account: { disabled: true } })

    const search = await api.app.inject({
      method: 'GET',
      url: '/v1/clients?q=berzins',
      headers: bearer(token)
    })
    expect(search.statusCode).toBe(401)
    const refused = await login(account.username, OWN_PASSWORD)
    const stranger = await login('nobody.at.all', OWN_PASSWORD)
    expect(refused.statusCode).toBe(401)
    expect(refused.json()).toEqual(stranger.json())

    const enabled = await patchStaff(response.json() as Account, { disabled: false })
    expect(enabled.statusCode).toBe(200)
    expect((await login(account.username, OWN_PASSWORD)).statusCode).toBe(200)
    const changes = (await adminEvents(account.id)).map((event) => event.changes)
    expect(changes).toEqual(
      expect.arrayContaining([
        { disabled: { from: false, to: true } },
        { disabled: { from: true, to: false } }
      ])
    )
  })

  it('sets a new one-time password: sessions end and a change is required again', async () => {
    const account = await created()
    const token = await tokenOf(account.username, ONE_TIME)
    await changePassword(token, ONE_TIME, OWN_PASSWORD)

    const reset = await patchStaff(account, { oneTimePassword: 'granite-meadow-owl-4411' })
    expect(reset.statusCode).toBe(200)
    expect(reset.json()).toMatchObject({ account: { mustChangePassword: true } })
    const me = await api.app.inject({ method: 'GET', url: '/v1/auth/me', headers: bearer(token) })
    expect(me.statusCode).toBe(401)
    expect((await login(account.username, OWN_PASSWORD)).statusCode).toBe(401)
    const again = await login(account.username, 'granite-meadow-owl-4411')
    expect(again.json()).toMatchObject({ mustChangePassword: true })
    const events = await adminEvents(account.id)
    expect(events.at(-1)).toMatchObject({ changes: { oneTimePassword: 'set' } })
    expect(JSON.stringify(events)).not.toContain('granite')
  })

  it('refuses a weak one-time password without changing anything', async () => {
    const account = await created()
    const response = await patchStaff(account, {
      oneTimePassword: 'tiny-pw-77',
      displayName: 'X Y'
    })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({
      fields: [{ path: 'oneTimePassword', message: PASSWORD_PROBLEM_MESSAGES.too_short }]
    })
    expect(await adminEvents(account.id)).toHaveLength(1)
  })

  it('needs If-Match (428) and refuses a stale version (412, with the current account)', async () => {
    const account = await created()
    const missing = await api.app.inject({
      method: 'PATCH',
      url: `/v1/staff/${account.id}`,
      headers: bearer(adminToken),
      payload: { displayName: 'Someone Else' }
    })
    expect(missing.statusCode).toBe(428)
    expect(missing.json()).toMatchObject({ code: 'precondition_required' })

    expect((await patchStaff(account, { displayName: 'First Edit' })).statusCode).toBe(200)
    const stale = await patchStaff(account, { displayName: 'Second Edit' })
    expect(stale.statusCode).toBe(412)
    expect(stale.json()).toMatchObject({
      code: 'version_mismatch',
      staff: { displayName: 'First Edit', account: { version: 2 } }
    })
  })

  it('answers 404 for an unknown account and 400 for an empty change', async () => {
    const unknown = await patchStaff(
      { id: '00000000-0000-4000-8000-000000000000', account: { version: 1 } as Account['account'] },
      { displayName: 'Nobody' }
    )
    expect(unknown.statusCode).toBe(404)
    const account = await created()
    expect((await patchStaff(account, {})).statusCode).toBe(400)
  })

  it('will not let an admin remove their own admin role or disable themselves', async () => {
    const self = await created({ roles: ['admin'] })
    const token = await tokenOf(self.username, ONE_TIME)
    await changePassword(token, ONE_TIME, OWN_PASSWORD)
    for (const change of [{ roles: ['supervisor'] }, { disabled: true }]) {
      const response = await patchStaff(self, change, token)
      expect(response.statusCode).toBe(409)
      expect(response.json()).toMatchObject({ code: 'self_lockout' })
    }
    // Other changes to their own account are fine.
    expect((await patchStaff(self, { roles: ['admin', 'supervisor'] }, token)).statusCode).toBe(200)
  })

  it('a demoted admin can no longer change anyone, even with a session from before', async () => {
    const second = await created({ roles: ['admin'] })
    const token = await tokenOf(second.username, ONE_TIME)
    await changePassword(token, ONE_TIME, OWN_PASSWORD)
    const demoted = await patchStaff(second, { roles: ['agent'] })
    expect(demoted.statusCode).toBe(200)
    const target = await created()
    const response = await patchStaff(target, { displayName: 'Changed By Ex-admin' }, token)
    expect(response.statusCode).toBe(403)
  })
})

describe('roles', () => {
  it.each(['agent', 'supervisor', 'reviewer', 'integration'])(
    '%s cannot create or change staff',
    async (username) => {
      const token = await api.tokenFor(username)
      const create = await createStaff({}, token)
      expect(create.statusCode).toBe(403)
      const target = await created()
      const patch = await patchStaff(target, { disabled: true }, token)
      expect(patch.statusCode).toBe(403)
      const row = await api.database.db
        .selectFrom('staff')
        .select('disabled_at')
        .where('id', '=', target.id)
        .executeTakeFirstOrThrow()
      expect(row.disabled_at).toBeNull()
    }
  )

  it('an admin reads no client data', async () => {
    for (const url of ['/v1/clients?q=berzins', '/v1/receipts', '/v1/review-cases']) {
      const response = await api.app.inject({ method: 'GET', url, headers: bearer(adminToken) })
      expect(response.statusCode).toBe(403)
      expect(response.json()).toMatchObject({ code: 'forbidden' })
    }
  })

  it('a supervisor still gets the counter staff, without account state or centres', async () => {
    const response = await api.app.inject({
      method: 'GET',
      url: '/v1/staff',
      headers: bearer(await api.tokenFor('supervisor'))
    })
    expect(response.statusCode).toBe(200)
    const body = response.json() as { items: Record<string, unknown>[]; centres?: unknown }
    expect(body.centres).toBeUndefined()
    expect(body.items.every((item) => item['account'] === undefined)).toBe(true)
    expect(body.items.map((item) => item['username'])).not.toContain('admin')
  })

  it("a supervisor's list of reviewers leaves out disabled ones: they can take no case", async () => {
    const reviewer = await created({ roles: ['reviewer'], displayName: 'Kārlis Disabled' })
    const supervisor = await api.tokenFor('supervisor')
    const reviewers = async () => {
      const response = await api.app.inject({
        method: 'GET',
        url: '/v1/staff?role=reviewer',
        headers: bearer(supervisor)
      })
      return (response.json() as { items: { id: string; account?: unknown }[] }).items
    }
    expect((await reviewers()).map((item) => item.id)).toContain(reviewer.id)
    expect((await patchStaff(reviewer, { disabled: true })).statusCode).toBe(200)
    const after = await reviewers()
    expect(after.map((item) => item.id)).not.toContain(reviewer.id)
    expect(after.every((item) => item.account === undefined)).toBe(true)
  })

  it('the demo admin signs in with the demo password and no forced change', async () => {
    const response = await login('admin', TEST_PASSWORD)
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({
      staff: { roles: ['admin'] },
      mustChangePassword: false
    })
  })
})

describe('the admin log and the API role', () => {
  it('keeps staff_admin_events append-only in the database itself', async () => {
    const account = await created()
    const db = api.database.owner
    await expect(
      sql`update staff_admin_events set action = 'updated' where staff_id = ${account.id}`.execute(
        db
      )
    ).rejects.toThrow(/append-only/)
    await expect(
      sql`delete from staff_admin_events where staff_id = ${account.id}`.execute(db)
    ).rejects.toThrow(/append-only/)
    expect(await adminEvents(account.id)).toHaveLength(1)
  })

  it('lets consent_app create and change staff and append to the log, never delete', async () => {
    const account = await created()
    const actor = await adminId()
    // Each statement in its own transaction: a refused one aborts the transaction it is in.
    const asApp = (statement: ReturnType<typeof sql>) =>
      api.database.db.transaction().execute(async (trx) => {
        await sql`set local role consent_app`.execute(trx)
        await statement.execute(trx)
      })
    await asApp(sql`update staff set display_name = 'Renamed' where id = ${account.id}`)
    await asApp(sql`update sessions set revoked_at = now() where staff_id = ${account.id}`)
    await asApp(
      sql`insert into staff (username, display_name, password_hash, roles, centre_id)
          values ('made.by.app', 'Made By App', 'scrypt$x', '{agent}', ${DEMO_CENTRE.id})`
    )
    await asApp(
      sql`insert into staff_admin_events (staff_id, actor_id, at, action)
          values (${account.id}, ${actor}, now(), 'updated')`
    )
    await expect(asApp(sql`delete from staff where id = ${account.id}`)).rejects.toThrow(
      /permission denied/
    )
  })
})
