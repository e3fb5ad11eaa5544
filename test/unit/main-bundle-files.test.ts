import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  bundleContentType,
  bundleSegments,
  resolveBundleFile
} from '../../src/main/security/bundle-files'

// A disk laid out like out/renderer, with a secret next to it that no request may reach.
let base: string
let bundle: string
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'consent-desk-bundle-files-'))
  bundle = join(base, 'renderer')
  await mkdir(join(bundle, 'assets', 'fonts'), { recursive: true })
  await writeFile(join(bundle, 'index.html'), '<!doctype html>')
  await writeFile(join(bundle, 'assets', 'index-Cz9.js'), '')
  await writeFile(join(bundle, 'assets', 'index-Bc_r.css'), '')
  await writeFile(join(bundle, 'assets', 'fonts', 'noto-sans.woff2'), '')
  await writeFile(join(bundle, 'assets', 'notes.exe'), '')
  await mkdir(join(bundle, 'assets', 'folder.js'))
  await writeFile(join(base, 'secret.js'), 'the session key')
  await writeFile(join(base, 'settings.json'), '{}')
  await symlink(join(base, 'secret.js'), join(bundle, 'assets', 'escape.js'))
  await symlink(base, join(bundle, 'up'))
  await symlink(join(bundle, 'index.html'), join(bundle, 'assets', 'home.html'))
})
afterAll(async () => {
  await rm(base, { recursive: true, force: true })
})

describe('resolveBundleFile', () => {
  it.each([
    ['app://bundle/index.html', 'index.html', 'text/html; charset=utf-8'],
    ['app://bundle/', 'index.html', 'text/html; charset=utf-8'],
    ['app://bundle', 'index.html', 'text/html; charset=utf-8'],
    ['app://bundle/index.html?lang=en#/clients/1', 'index.html', 'text/html; charset=utf-8'],
    ['app://bundle/assets/index-Cz9.js', 'assets/index-Cz9.js', 'text/javascript; charset=utf-8'],
    ['app://bundle/assets/index-Bc_r.css', 'assets/index-Bc_r.css', 'text/css; charset=utf-8'],
    ['app://bundle/assets/fonts/noto-sans.woff2', 'assets/fonts/noto-sans.woff2', 'font/woff2'],
    ['app://bundle/assets/%69ndex-Cz9.js', 'assets/index-Cz9.js', 'text/javascript; charset=utf-8'],
    ['app://bundle/a/../index.html', 'index.html', 'text/html; charset=utf-8']
  ])('serves %s from the bundle', async (url, file, contentType) => {
    await expect(resolveBundleFile(url, bundle)).resolves.toEqual({
      found: true,
      path: join(bundle, file),
      contentType
    })
  })

  it('serves a link inside the bundle as the file it points to', async () => {
    await expect(resolveBundleFile('app://bundle/assets/home.html', bundle)).resolves.toEqual({
      found: true,
      path: join(bundle, 'index.html'),
      contentType: 'text/html; charset=utf-8'
    })
  })

  it.each([
    // Out of the bundle by dots, raw (the URL parser folds them) or percent-encoded.
    'app://bundle/../secret.js',
    'app://bundle/%2e%2e/secret.js',
    'app://bundle/%2E%2E/settings.json',
    'app://bundle/assets/..%2f..%2fsecret.js',
    'app://bundle/assets/..%5c..%5csecret.js',
    // Absolute paths, drives, NUL.
    'app://bundle/%2fetc%2fpasswd',
    'app://bundle//etc/passwd',
    'app://bundle/C:%5cWindows%5cwin.ini',
    'app://bundle/index.html%00.js',
    // Out of the bundle by symbolic links.
    'app://bundle/assets/escape.js',
    'app://bundle/up/secret.js',
    // Not a file, not a bundle file type, not there.
    'app://bundle/assets/',
    'app://bundle/assets/folder.js',
    'app://bundle/assets/notes.exe',
    'app://bundle/assets/missing.js',
    'app://bundle/%E0%A4%A',
    // Not the bundle's origin.
    'app://other/index.html',
    'app://attacker@bundle/index.html',
    'file:///etc/passwd',
    'http://bundle/index.html',
    'not a url'
  ])('answers %s with 404', async (url) => {
    await expect(resolveBundleFile(url, bundle)).resolves.toEqual({ found: false })
  })

  it('answers 404 when the disk fails rather than throwing', async () => {
    const failingDisk = {
      realpath: async () => {
        throw new Error('EIO')
      },
      isFile: async () => true
    }
    await expect(
      resolveBundleFile('app://bundle/index.html', bundle, failingDisk)
    ).resolves.toEqual({ found: false })
  })
})

describe('bundleSegments', () => {
  it('decodes each path segment once, so %252e stays a harmless name', () => {
    expect(bundleSegments('app://bundle/assets/%252e%252e/x.js')).toEqual([
      'assets',
      '%2e%2e',
      'x.js'
    ])
  })
})

describe('bundleContentType', () => {
  it.each([
    ['index.HTML', 'text/html; charset=utf-8'],
    ['app.mjs', 'text/javascript; charset=utf-8'],
    ['logo.svg', 'image/svg+xml'],
    ['x.wasm', 'application/wasm'],
    ['x.exe', undefined],
    ['Makefile', undefined]
  ])('%s is %s', (file, type) => {
    expect(bundleContentType(file)).toBe(type)
  })
})
