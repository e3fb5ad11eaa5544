/**
 * @file Packaging for the desktop app (`npm run package`). electron-builder reads this file
 * itself (through jiti); test/unit/desktop-packaging.test.ts reads it too and asserts each fuse,
 * so a fuse cannot be switched back on without a failing test.
 */
import type { Configuration } from 'electron-builder'

const configuration: Configuration = {
  appId: 'lv.lmt.consent-desk',
  productName: 'Consent Desk',
  directories: { output: 'dist' },
  // The built app only: electron-builder adds the production dependencies itself (PGlite, pg
  // and the API's packages stay outside the main bundle, see electron.vite.config.ts).
  files: ['out/**', 'package.json'],
  // The print fonts and stylesheet, which main reads from process.resourcesPath/resources.
  extraResources: [{ from: 'resources', to: 'resources' }],
  // The fuses are flipped in the Electron binary right before signing, so code signing protects
  // them. Electron security checklist item 19; reliability-anchors §1.2.
  electronFuses: {
    // ELECTRON_RUN_AS_NODE would turn the signed app into a general-purpose Node interpreter.
    runAsNode: false,
    // The session cookie store is encrypted with the OS keychain (a one-way migration).
    enableCookieEncryption: true,
    // NODE_OPTIONS (e.g. --require) and --inspect/SIGUSR1 would let anyone who can start the app
    // run code inside its main process, next to the staff member's session token.
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    // Together: only the packaged, integrity-checked app.asar is ever loaded (macOS and Windows
    // check the integrity; Linux relies on the package manager's signatures).
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    // The page is served from app://bundle (src/main/electron/app-protocol.ts), never file://,
    // so file:// keeps no privileges beyond a browser's.
    grantFileProtocolExtraPrivileges: false,
    // Electron's default; we ship no browser-process-specific V8 snapshot.
    loadBrowserProcessSpecificV8Snapshot: false
  },
  linux: { target: ['AppImage', 'deb'], category: 'Office' },
  win: { target: ['nsis'] },
  mac: { target: ['dmg'], category: 'public.app-category.business' }
}

export default configuration
