import { lazy, type ComponentType, type LazyExoticComponent } from 'react'

/** A component in a chunk of its own, with a way to fetch that chunk before it is shown. */
export type PreloadableComponent<P extends object> = LazyExoticComponent<ComponentType<P>> & {
  /** Fetches the chunk (once; every caller shares the request). */
  preload(): Promise<void>
}

/**
 * React.lazy, plus `preload()`. Once the chunk is loaded (a prefetch after sign-in, or the
 * renderer tests' setup), the component renders at once, without a Suspense fallback: React
 * reads a thenable that has already resolved synchronously.
 */
export function lazyWithPreload<P extends object>(
  load: () => Promise<ComponentType<P>>
): PreloadableComponent<P> {
  type T = ComponentType<P>
  let component: T | undefined
  let pending: Promise<T> | undefined
  const fetch = (): Promise<T> =>
    (pending ??= load().then(
      (loaded) => (component = loaded),
      (error: unknown) => {
        // A failed fetch may be tried again by the next preload or render.
        pending = undefined
        throw error
      }
    ))
  const Lazy = lazy(() => {
    const loaded = component
    if (loaded === undefined) return fetch().then((value) => ({ default: value }))
    // An already-fulfilled thenable: React.lazy resolves it synchronously (no fallback flash).
    const ready = {
      then(onFulfilled: (module: { default: T }) => unknown) {
        onFulfilled({ default: loaded })
      }
    }
    return ready as unknown as Promise<{ default: T }>
  })
  return Object.assign(Lazy, { preload: () => fetch().then(() => undefined) })
}
