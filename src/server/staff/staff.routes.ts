import { staffOperations } from '../../shared/api/staff-operations'
import { DomainError, validationFailed } from '../domain-error'
import type { RegisterOperation } from '../http/register-operation'
import { headerValue, parseIfMatch } from '../http/write-headers'
import {
  changeOwnPassword,
  createStaff,
  listStaff,
  updateStaff,
  type StaffDeps
} from './staff.service'

/** Staff administration (admins) and everyone's own password (issue 10, item 3). */
export function registerStaffRoutes(register: RegisterOperation, deps: StaffDeps): void {
  register(staffOperations.listStaff, async ({ query, auth }) =>
    listStaff(deps, { staff: auth.staff, role: query.role })
  )

  register(staffOperations.createStaff, async ({ body, auth }) =>
    createStaff(deps, { request: body, actor: auth.staff })
  )

  register(staffOperations.updateStaff, async ({ params, body, headers, auth, reply }) => {
    const account = await updateStaff(deps, {
      id: params.id,
      expectedVersion: requireAccountVersion(headerValue(headers['if-match'])),
      request: body,
      actor: auth.staff
    })
    void reply.header('etag', `"${account.account.version}"`)
    return account
  })

  register(staffOperations.changePassword, async ({ body, auth }) => {
    await changeOwnPassword(deps, { request: body, auth })
  })
}

/** If-Match as the account version the admin's edit is based on: required (428), a number (400). */
function requireAccountVersion(header: string | undefined): number {
  if (header === undefined || header.trim() === '') {
    throw new DomainError(
      'precondition_required',
      'An If-Match header with the account version last read is required'
    )
  }
  const version = parseIfMatch(header)
  if (version === null) {
    throw validationFailed([{ path: 'if-match', message: 'is not an account version' }])
  }
  return version
}
