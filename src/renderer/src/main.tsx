import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/App'
import { loadI18n } from './i18n'

// The preload exposes `window.consentDesk`; this file is the only place that reads it, and hands it
// down so that everything below can be tested with a fake bridge.
const container = document.getElementById('root')
if (!container) throw new Error('index.html must contain #root')
const root = createRoot(container)

// A stored English or Russian choice loads its strings first (Latvian is in this chunk already).
void loadI18n().then((i18n) =>
  root.render(
    <StrictMode>
      <App bridge={window.consentDesk} i18n={i18n} />
    </StrictMode>
  )
)
