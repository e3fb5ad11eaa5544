export { createClientStore } from './store'
export type { ClientDeps, ClientState, ClientStatus, ClientStore } from './store'
export { ClientCard } from './ClientCard'
export type { ClientCardProps } from './ClientCard'
