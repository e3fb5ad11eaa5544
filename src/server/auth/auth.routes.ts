import { operations } from '../../shared/api/operations'
import type { RegisterOperation } from '../http/register-operation'
import { login, logout, type AuthDeps } from './auth.service'

export function registerAuthRoutes(register: RegisterOperation, deps: AuthDeps): void {
  register(operations.login, async ({ body }) => login(deps, body))

  register(operations.logout, async ({ auth }) => {
    await logout(deps, auth)
  })

  register(operations.me, async ({ auth }) => auth.staff)
}
