import { prefetchScreens } from '../../../src/renderer/src/app/screens'
import { preloadLanguages } from '../../../src/renderer/src/i18n'

// The page loads English, Russian and most of Latvian lazily (src/renderer/src/i18n), and the
// screens after sign-in as chunks of their own (src/renderer/src/app/screens.ts). The renderer
// tests load all of them before each file, as the app does after sign-in: `createI18n('en')`
// and a client's language have every string at once, and a screen renders without a Suspense
// fallback in between.
await Promise.all([preloadLanguages(), prefetchScreens()])
