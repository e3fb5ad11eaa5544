import type { BrowserWindowConstructorOptions } from 'electron'

/**
 * The window's options, as a pure function so a Node test can assert the security settings
 * (Electron security checklist items 2–4, 6, 8, 12; DevTools only in development). `import type`
 * only: no Electron at runtime.
 */
export function createWindowOptions({
  preloadPath,
  isPackaged
}: {
  preloadPath: string
  /** Electron's `app.isPackaged`: true for an installed app, false under `npm run dev`. */
  isPackaged: boolean
}): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    title: 'Consent Desk',
    // Shown on 'ready-to-show' so staff never see a white flash.
    show: false,
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // DevTools in an installed app would let anyone at the desk run script in the page and
      // call the bridge as the signed-in staff member; developers keep them.
      devTools: !isPackaged
    }
  }
}
