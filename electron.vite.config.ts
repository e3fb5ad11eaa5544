import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'
import type { Plugin } from 'vite'

/**
 * `npm run dev` only: React Fast Refresh injects an inline script and Vite's client needs a
 * websocket, which the production policy forbids. The built app keeps the strict policy.
 */
function relaxCspForDevServer(): Plugin {
  return {
    name: 'consent-desk:dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) =>
      html
        .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
        .replace("connect-src 'none'", "connect-src 'self' ws://localhost:* http://localhost:*")
  }
}

// Three builds, one per process. Main stays ESM; the preload must be CommonJS because a
// sandboxed preload cannot load ES modules, and it bundles only src/shared/ipc/channels.ts.
export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src/main/index.ts') },
        // PGlite finds its .wasm and extension bundles next to its own files, so it must stay
        // in node_modules rather than be bundled into out/main.
        external: ['@electric-sql/pglite', /^@electric-sql\/pglite\//, 'pg']
      }
    }
  },
  preload: {
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    build: {
      // electron-vite leaves the renderer unminified by default; the page loads its whole entry
      // chunk before the sign-in screen shows, so it is minified (test/unit/renderer-bundle-size).
      minify: true,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src/renderer/index.html') }
      }
    },
    plugins: [react(), relaxCspForDevServer()]
  }
})
