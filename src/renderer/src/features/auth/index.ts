export { createAuthStore } from './store'
export type { AuthDeps, AuthState, AuthStatus, AuthStore, SignedOutNotice } from './store'
export { SignInScreen } from './SignInScreen'
export type { SignInScreenProps } from './SignInScreen'
