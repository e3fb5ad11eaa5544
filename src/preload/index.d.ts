import type { DesktopBridge } from '../shared/ipc/contract'

// The preload exposes the bridge with contextBridge; the renderer only sees it through this type.
declare global {
  interface Window {
    consentDesk: DesktopBridge
  }
}

export {}
