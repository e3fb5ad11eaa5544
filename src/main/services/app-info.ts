import type { AppInfo } from '../../shared/ipc/contract'

export interface DemoAccount {
  username: string
  roles: readonly string[]
}

/**
 * What `app:info` answers. Demo accounts are listed only in embedded mode: against the central
 * API they would be wrong, and a list of user names is not for a sign-in screen in production.
 */
export function createAppInfo({
  version,
  mode,
  demoAccounts
}: {
  version: string
  mode: AppInfo['mode']
  demoAccounts: readonly DemoAccount[]
}): AppInfo {
  return {
    version,
    mode,
    demoAccounts:
      mode === 'embedded'
        ? demoAccounts
            // System accounts (role `integration`) are for other LMT systems, not for the desk.
            .filter((account) => account.roles.some((role) => role !== 'integration'))
            .map((account) => ({ username: account.username, roles: [...account.roles] }))
        : [],
    defaultLanguage: 'lv'
  }
}
