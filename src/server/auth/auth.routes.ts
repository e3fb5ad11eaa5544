import { operations } from '../../shared/api/operations'
import type { RegisterOperation } from '../http/register-operation'
import {
  login,
  logout,
  logoutEverywhere,
  RetryLaterError,
  unlockStaff,
  type AuthDeps
} from './auth.service'

export function registerAuthRoutes(register: RegisterOperation, deps: AuthDeps): void {
  register(operations.login, async ({ body, request, reply }) => {
    try {
      // The socket's address (Fastify's trustProxy is off): a client cannot choose its source.
      return await login(deps, body, request.ip)
    } catch (error) {
      if (error instanceof RetryLaterError) {
        void reply.header('retry-after', String(error.retryAfterSeconds))
      }
      throw error
    }
  })

  register(operations.logout, async ({ auth }) => {
    await logout(deps, auth)
  })

  register(operations.logoutAll, async ({ auth }) => {
    await logoutEverywhere(deps, auth)
  })

  register(operations.unlockStaff, async ({ auth, params }) => {
    await unlockStaff(deps, auth, params.id)
  })

  register(operations.me, async ({ auth }) => auth.staff)
}
