/**
 * The IPC channels the renderer may use. No imports on purpose: the sandboxed preload bundles
 * only this file, so it stays tiny and dependency-free. `contract.ts` gives each channel its
 * schemas and `satisfies` keeps the two lists in step.
 */
export const INVOKE_CHANNELS = [
  'app:info',
  'api:health',
  'auth:login',
  'auth:logout',
  'auth:session',
  'auth:lock',
  'auth:logout-all',
  'auth:change-password',
  'clients:search',
  'clients:get',
  'clients:card',
  'clients:reveal',
  'clients:update',
  'clients:history',
  'access-log:list',
  'purposes:list',
  'consents:get',
  'consents:record',
  'consents:events',
  'consents:verify',
  'staff:list',
  'staff:create',
  'staff:update',
  'staff:unlock',
  'receipts:get',
  'receipts:list',
  'receipts:verify',
  'print:prepare',
  'print:output',
  'confirmations:print',
  'confirmations:cancel',
  'decisions:list',
  'reviews:create',
  'reviews:client',
  'reviews:list',
  'reviews:get',
  'reviews:claim-next',
  'reviews:claim',
  'reviews:renew',
  'reviews:release',
  'reviews:decide',
  'reviews:approve',
  'reviews:extend',
  'reviews:reassign',
  'app:unsaved-work',
  'app:close'
] as const
export type InvokeChannel = (typeof INVOKE_CHANNELS)[number]

/** Events main pushes to the renderer. */
export const EVENT_CHANNELS = [
  'session:ended',
  'app:close-requested',
  'confirmations:progress'
] as const
export type EventChannel = (typeof EVENT_CHANNELS)[number]

export function isInvokeChannel(value: unknown): value is InvokeChannel {
  return typeof value === 'string' && (INVOKE_CHANNELS as readonly string[]).includes(value)
}

export function isEventChannel(value: unknown): value is EventChannel {
  return typeof value === 'string' && (EVENT_CHANNELS as readonly string[]).includes(value)
}
