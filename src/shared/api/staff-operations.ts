import { ApiErrorSchema } from './errors'
import type { Operation } from './operations'
import {
  ChangePasswordRequestSchema,
  CreateStaffRequestSchema,
  StaffAccountSchema,
  StaffIdParamsSchema,
  StaffListQuerySchema,
  StaffListResponseSchema,
  UpdateStaffHeadersSchema,
  UpdateStaffRequestSchema
} from '../domain/staff-admin'

const commonErrors = {
  400: ApiErrorSchema,
  401: ApiErrorSchema,
  403: ApiErrorSchema
} as const

/** Every signed-in person, whatever their roles: they may all change their own password. */
const EVERYONE = ['agent', 'reviewer', 'supervisor', 'integration', 'admin'] as const

/**
 * Staff administration and passwords (issue 10, item 3). Merged into `operations`.
 *
 * Admins administer accounts and read no client data. Every change an admin makes is written to
 * the append-only `staff_admin_events`. An admin cannot remove their own admin role or disable
 * themselves (409 `self_lockout`), so there is always an admin left.
 *
 * A session whose password is a one-time password may call only `changePassword` and `logout`;
 * every other operation answers 403 `password_change_required`.
 */
export const staffOperations = {
  listStaff: {
    method: 'GET',
    path: '/v1/staff',
    summary:
      'Staff with their centres. Supervisors: the counter staff (agents and supervisors, the ' +
      'receipts filters) by default, or those holding `role` (reviewers, to reassign a review ' +
      'case). Admins: every account with its state (`account`), and every centre',
    tags: ['staff'],
    auth: ['supervisor', 'admin'],
    query: StaffListQuerySchema,
    responses: { 200: StaffListResponseSchema, ...commonErrors }
  },
  createStaff: {
    method: 'POST',
    path: '/v1/staff',
    summary:
      'Create a staff account with a one-time password (NIST SP 800-63B: 12 to 128 ' +
      'characters, not a common password, not the username or name), to be changed at first ' +
      'sign-in. 409 `username_taken` when the username exists',
    tags: ['staff'],
    auth: ['admin'],
    body: CreateStaffRequestSchema,
    responses: { 201: StaffAccountSchema, ...commonErrors, 409: ApiErrorSchema }
  },
  updateStaff: {
    method: 'PATCH',
    path: '/v1/staff/:id',
    summary:
      'Change display name, roles, centre; disable (the sessions end at once) or enable; set a ' +
      'new one-time password. Needs `If-Match` with the account version (428 without, 412 ' +
      '`version_mismatch` with the current `staff` when stale); 409 `self_lockout` for an ' +
      "admin's own admin role or account",
    tags: ['staff'],
    auth: ['admin'],
    params: StaffIdParamsSchema,
    headers: UpdateStaffHeadersSchema,
    body: UpdateStaffRequestSchema,
    responses: {
      200: StaffAccountSchema,
      ...commonErrors,
      404: ApiErrorSchema,
      409: ApiErrorSchema,
      412: ApiErrorSchema.extend({ staff: StaffAccountSchema }),
      428: ApiErrorSchema
    }
  },
  changePassword: {
    method: 'POST',
    path: '/v1/auth/password',
    summary:
      'Change your own password (the same rules as a one-time password, and not the current ' +
      "one). Clears a one-time password's restriction; your other sessions end",
    tags: ['auth'],
    auth: EVERYONE,
    body: ChangePasswordRequestSchema,
    allowedBeforePasswordChange: true,
    responses: { 204: null, ...commonErrors }
  }
} as const satisfies Record<string, Operation>
