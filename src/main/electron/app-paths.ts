import { app } from 'electron'
import type { AppPaths } from '../ports'

/** AppPaths backed by Electron (`~/.config/Consent Desk` on Linux). */
export function createElectronAppPaths(): AppPaths {
  return { userData: () => app.getPath('userData') }
}
