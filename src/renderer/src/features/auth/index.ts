export { createAuthStore } from './store'
export type {
  AuthDeps,
  AuthState,
  AuthStatus,
  AuthStore,
  LockReason,
  SignedOutNotice
} from './store'
export { LockScreen } from './LockScreen'
export type { LockScreenProps } from './LockScreen'
export { installIdleLock, installLockKeyboardGate } from './idleLock'
export { SignInScreen } from './SignInScreen'
export type { SignInScreenProps } from './SignInScreen'
export { ChangePasswordDialog, ChangePasswordScreen } from './ChangePassword'
