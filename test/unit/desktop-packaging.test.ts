import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import configuration from '../../electron-builder'

// The Electron binary cannot be downloaded here, so the fuses are checked in the configuration
// that flips them; `npx @electron/fuses read --app <binary>` checks a real package.
describe('the packaging configuration (electron-builder.ts)', () => {
  it.each([
    ['runAsNode', false],
    ['enableCookieEncryption', true],
    ['enableNodeOptionsEnvironmentVariable', false],
    ['enableNodeCliInspectArguments', false],
    ['enableEmbeddedAsarIntegrityValidation', true],
    ['onlyLoadAppFromAsar', true],
    ['grantFileProtocolExtraPrivileges', false],
    ['loadBrowserProcessSpecificV8Snapshot', false]
  ] as const)('sets the %s fuse to %s', (fuse, wanted) => {
    expect(configuration.electronFuses?.[fuse]).toBe(wanted)
  })

  it('is valid for the installed electron-builder, so a misspelt fuse fails here, not at release', async () => {
    // electron-builder's own schema check; it rejects unknown keys (additionalProperties: false).
    // Resolved from electron-builder itself, so it is the app-builder-lib it would use.
    const builder = createRequire(import.meta.url).resolve('electron-builder')
    const require = createRequire(builder)
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration(config: unknown, logger: { isEnabled: boolean }): Promise<void>
    }
    await expect(
      validateConfiguration(configuration, { isEnabled: false })
    ).resolves.toBeUndefined()
    await expect(
      validateConfiguration(
        { ...configuration, electronFuses: { runAsnode: false } },
        { isEnabled: false }
      )
    ).rejects.toThrow(/configuration.electronFuses/)
  }, 60_000) // loading electron-builder takes seconds on a busy machine

  it('packages the built app and the print resources main reads at run time', () => {
    expect(configuration.files).toContain('out/**')
    expect(configuration.extraResources).toContainEqual({ from: 'resources', to: 'resources' })
  })

  it('has an npm script that builds and packages, the embedded database template with the bundle', async () => {
    const pkg = JSON.parse(await readFile('package.json', 'utf8')) as {
      scripts: Record<string, string>
    }
    expect(pkg.scripts.package).toBe('npm run build && electron-builder --dir')
    // out/pglite-template.tar.gz, which main reads beside the bundle (inside out/**).
    expect(pkg.scripts.build).toBe('electron-vite build && tsx scripts/build-pglite-template.ts')
  })
})
