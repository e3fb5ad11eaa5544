import type { DesktopBridge } from '../../../shared/ipc/contract'
import { BRIDGE_ERROR_CODES } from '../../../shared/ipc/result'
import { createAuthStore, type AuthStore } from '../features/auth'
import { createClientStore, type ClientStore } from '../features/client'
import {
  createConsentsStore,
  createTimelineStore,
  type ConsentsStore,
  type TimelineStore
} from '../features/consents'
import { createLookupStore, type LookupStore } from '../features/lookup'
import { createIpcClient, type IpcClient } from '../lib/ipc-client'
import { createConnectivityStore, type ConnectivityStore } from './connectivityStore'

export interface AppServices {
  ipc: IpcClient
  connectivity: ConnectivityStore
  auth: AuthStore
  lookup: LookupStore
  client: ClientStore
  consents: ConsentsStore
  timeline: TimelineStore
}

export interface AppServiceOptions {
  searchDebounceMs?: number
  /** Makes the request ids of consent saves (tests pin them). */
  newId?: () => string
}

// Calls that reach the API through main; their success proves the API is reachable again.
const API_CHANNELS = new Set([
  'auth:login',
  'clients:search',
  'clients:get',
  'purposes:list',
  'consents:get',
  'consents:record',
  'consents:events',
  'consents:verify'
])

/** Wires the stores together; one set per window (and per test). */
export function createAppServices(
  bridge: DesktopBridge,
  options: AppServiceOptions = {}
): AppServices {
  // The observer refers to stores created below; it only runs once a call settles, by which
  // time they all exist.
  const ipc = createIpcClient(bridge, {
    onSuccess(channel) {
      if (API_CHANNELS.has(channel)) connectivity.getState().markReachable()
    },
    onError(channel, error) {
      if (error.code === BRIDGE_ERROR_CODES.apiUnreachable) {
        connectivity.getState().markUnreachable()
      } else if (API_CHANNELS.has(channel) && error.status !== undefined) {
        // An HTTP status means the API answered, even if the answer was "no".
        connectivity.getState().markReachable()
      }
      // A session that main or the API no longer knows: back to sign-in, whatever the screen.
      if (error.code === BRIDGE_ERROR_CODES.notSignedIn && channel !== 'auth:login') {
        auth.getState().sessionEnded('expired')
      }
    }
  })

  const connectivity = createConnectivityStore({ health: () => ipc.invoke('api:health') })
  const lookup = createLookupStore({ ipc, debounceMs: options.searchDebounceMs })
  const client = createClientStore({ ipc })
  const consents = createConsentsStore({
    ipc,
    ...(options.newId === undefined ? {} : { newId: options.newId })
  })
  const timeline = createTimelineStore({ ipc })
  const auth = createAuthStore({
    ipc,
    onSignedOut() {
      // Nothing about the last client may stay on screen or in memory for the next person.
      client.getState().reset()
      consents.getState().reset()
      timeline.getState().reset()
      lookup.getState().reset()
    }
  })

  return { ipc, connectivity, auth, lookup, client, consents, timeline }
}
