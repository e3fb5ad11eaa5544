/**
 * @file The screens that are not needed for the first screen (sign-in), each in a chunk of its
 * own (React.lazy): the page's entry stays small, so the sign-in screen shows at once. The
 * counter's path (the workspace with the lookup, and the client card) is fetched while the
 * sign-in screen is up; everything else after sign-in (`prefetchScreens`), so a tab opens
 * without waiting either way. Chunks are same-origin files on app://bundle: the CSP holds.
 */
import { DEFAULT_LANGUAGE, loadLanguageBundle } from '../i18n'
import { lazyWithPreload } from '../lib/lazyWithPreload'

/**
 * The signed-in workspace: top bar and the lookup (the counter's first screen). It comes with
 * the whole of Latvian (the entry has the first screen's part), the fallback of every string.
 */
export const Shell = lazyWithPreload(() =>
  Promise.all([import('./Shell'), loadLanguageBundle(DEFAULT_LANGUAGE)]).then(([m]) => m.Shell)
)
/** A one-time password's first screen, and the user menu's dialog. */
export const ChangePasswordScreen = lazyWithPreload(() =>
  Promise.all([
    import('../features/auth/ChangePassword'),
    loadLanguageBundle(DEFAULT_LANGUAGE)
  ]).then(([m]) => m.ChangePasswordScreen)
)
export const ChangePasswordDialog = lazyWithPreload(() =>
  import('../features/auth/ChangePassword').then((m) => m.ChangePasswordDialog)
)
export const ClientCard = lazyWithPreload(() =>
  import('../features/client/ClientCard').then((m) => m.ClientCard)
)
export const ReviewScreen = lazyWithPreload(() =>
  import('../features/review/ReviewScreen').then((m) => m.ReviewScreen)
)
export const ReceiptsScreen = lazyWithPreload(() =>
  import('../features/receipts/ReceiptsScreen').then((m) => m.ReceiptsScreen)
)
export const ClientReceipts = lazyWithPreload(() =>
  import('../features/receipts/ReceiptsScreen').then((m) => m.ClientReceipts)
)
export const ConfirmationsScreen = lazyWithPreload(() =>
  import('../features/receipts/ConfirmationsScreen').then((m) => m.ConfirmationsScreen)
)
export const PrintPreviewDialog = lazyWithPreload(() =>
  import('../features/receipts/PrintPreviewDialog').then((m) => m.PrintPreviewDialog)
)
export const AccessLogScreen = lazyWithPreload(() =>
  import('../features/access-log/AccessLogScreen').then((m) => m.AccessLogScreen)
)
export const StaffScreen = lazyWithPreload(() =>
  import('../features/staff/StaffScreen').then((m) => m.StaffScreen)
)
export const TimelineTab = lazyWithPreload(() =>
  import('../features/consents/TimelineTab').then((m) => m.TimelineTab)
)
export const DecisionsTab = lazyWithPreload(() =>
  import('../features/decisions/DecisionsTab').then((m) => m.DecisionsTab)
)

/** The counter's path: fetched while the sign-in screen is up. */
export function prefetchCounterScreens(): Promise<void> {
  return Promise.all([Shell.preload(), ClientCard.preload(), ChangePasswordScreen.preload()]).then(
    () => undefined
  )
}

/** Every lazy screen (after sign-in; the renderer tests' setup). */
export function prefetchScreens(): Promise<void> {
  return Promise.all(
    [
      Shell,
      ChangePasswordScreen,
      ChangePasswordDialog,
      ClientCard,
      ReviewScreen,
      ReceiptsScreen,
      ClientReceipts,
      ConfirmationsScreen,
      PrintPreviewDialog,
      AccessLogScreen,
      StaffScreen,
      TimelineTab,
      DecisionsTab
    ].map((screen) => screen.preload())
  ).then(() => undefined)
}
