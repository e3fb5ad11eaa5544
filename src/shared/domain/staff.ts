import { z } from 'zod'

/**
 * Staff roles. One person may hold several; `integration` is a system account, not a person.
 * `admin` administers staff accounts only: it reads no client data.
 */
export const ROLES = ['agent', 'reviewer', 'supervisor', 'integration', 'admin'] as const
export const RoleSchema = z.enum(ROLES)
export type Role = z.infer<typeof RoleSchema>

export const LanguageSchema = z.enum(['lv', 'en', 'ru'])
export type Language = z.infer<typeof LanguageSchema>

export const CentreSchema = z.object({
  id: z.string(),
  name: z.string()
})
export type Centre = z.infer<typeof CentreSchema>

export const StaffSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(RoleSchema).min(1),
  centre: CentreSchema
})
export type Staff = z.infer<typeof StaffSchema>

export const LoginRequestSchema = z.object({
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(1000)
})
export type LoginRequest = z.infer<typeof LoginRequestSchema>

export const LoginResponseSchema = z.object({
  token: z.string(),
  expiresAt: z.iso.datetime({ offset: true }),
  /** The API refuses the session after this long unused; the desk locks its screen by then. */
  idleTimeoutMinutes: z.number().int().positive().optional(),
  staff: StaffSchema,
  /**
   * The password is a one-time password set by an admin: until it is changed
   * (`POST /v1/auth/password`), this session may only change it or sign out (403
   * `password_change_required` elsewhere). Absent means false.
   */
  mustChangePassword: z.boolean().optional()
})
export type LoginResponse = z.infer<typeof LoginResponseSchema>
