import '@testing-library/jest-dom/vitest'
import { cleanup } from '@testing-library/react'
import { afterEach, beforeEach } from 'vitest'

// The renderer project runs without vitest globals, so Testing Library cannot register its own
// cleanup; every test file imports this module instead.
beforeEach(() => {
  window.localStorage.clear()
})

afterEach(() => {
  cleanup()
})
