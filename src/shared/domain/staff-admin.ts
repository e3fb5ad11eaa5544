import { z } from 'zod'
import { CentreSchema, RoleSchema, StaffSchema } from './staff'

/**
 * Staff administration (admins): the account state an admin sees beside who and where, and the
 * requests that create and change accounts. Passwords travel only inwards: no answer holds one.
 */

/** The state of an account, shown to admins only (never to supervisors or the person). */
export const StaffAccountStatusSchema = z.object({
  disabled: z.boolean(),
  /** Until when sign-in is refused after too many wrong passwords; null when not locked. */
  lockedUntil: z.iso.datetime({ offset: true }).nullable(),
  /** The password is a one-time password an admin set, not yet changed by its owner. */
  mustChangePassword: z.boolean(),
  createdAt: z.iso.datetime({ offset: true }),
  /** When an admin (or the owner, changing their password) last changed the account. */
  updatedAt: z.iso.datetime({ offset: true }).nullable(),
  /** Grows with every change; send it back as `If-Match` on `PATCH /v1/staff/{id}`. */
  version: z.number().int().min(1)
})
export type StaffAccountStatus = z.infer<typeof StaffAccountStatusSchema>

/** A row of `GET /v1/staff`: `account` is there for admins only. */
export const StaffListItemSchema = StaffSchema.extend({
  account: StaffAccountStatusSchema.optional()
})
export type StaffListItem = z.infer<typeof StaffListItemSchema>

/** A staff account as admins see it: the account state is always there. */
export const StaffAccountSchema = StaffSchema.extend({ account: StaffAccountStatusSchema })
export type StaffAccount = z.infer<typeof StaffAccountSchema>

export const StaffListQuerySchema = z.object({ role: RoleSchema.optional() })

export const StaffListResponseSchema = z.object({
  items: z.array(StaffListItemSchema),
  /** Every centre, for the admin's create and edit forms; admins only. */
  centres: z.array(CentreSchema).optional()
})
export type StaffListResponse = z.infer<typeof StaffListResponseSchema>

/** Sign-in names are lower-case (sign-in lower-cases what is typed): letters, digits, `._-`. */
export const UsernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'must be 3–64 letters, digits, dots, dashes or underscores')

export const DisplayNameSchema = z.string().trim().min(1).max(200)

/** One or more roles, each once. */
export const RolesSchema = z
  .array(RoleSchema)
  .min(1)
  .refine((roles) => new Set(roles).size === roles.length, 'must not repeat a role')

/**
 * A password as it arrives: only a generous bound here. The policy (length in code points,
 * common passwords, context words) is checked by the service, so that each broken rule becomes a
 * field error the desk can put into words (`password-policy.ts`).
 */
export const PasswordInputSchema = z.string().max(1000)

export const CreateStaffRequestSchema = z.object({
  username: UsernameSchema,
  displayName: DisplayNameSchema,
  roles: RolesSchema,
  centreId: CentreSchema.shape.id.min(1).max(100),
  /** Given to the person once; they must change it at their first sign-in. */
  oneTimePassword: PasswordInputSchema
})
export type CreateStaffRequest = z.infer<typeof CreateStaffRequestSchema>

export const UpdateStaffRequestSchema = z
  .object({
    displayName: DisplayNameSchema.optional(),
    roles: RolesSchema.optional(),
    centreId: CentreSchema.shape.id.min(1).max(100).optional(),
    /** True signs the person out everywhere at once and refuses their sign-in. */
    disabled: z.boolean().optional(),
    /** A new one-time password: the person's sessions end and they must change it. */
    oneTimePassword: PasswordInputSchema.optional()
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: 'must change at least one field'
  })
export type UpdateStaffRequest = z.infer<typeof UpdateStaffRequestSchema>

export const StaffIdParamsSchema = z.object({ id: z.uuid() })

/** If-Match on an account change: checked by the route (428 when missing, 412 when stale). */
export const UpdateStaffHeadersSchema = z.object({ 'if-match': z.string().optional() })

export const ChangePasswordRequestSchema = z.object({
  currentPassword: z.string().min(1).max(1000),
  newPassword: PasswordInputSchema
})
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequestSchema>
