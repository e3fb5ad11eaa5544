export { createLookupStore, lookupErrorKey, visibleRows, SEARCH_DEBOUNCE_MS } from './store'
export type { LookupDeps, LookupError, LookupState, LookupStatus, LookupStore } from './store'
export { LookupScreen } from './LookupScreen'
export type { LookupScreenProps } from './LookupScreen'
