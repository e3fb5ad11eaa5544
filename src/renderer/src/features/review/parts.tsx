import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'

/** `Date.now()`, again every `intervalMs`: the countdown's second, the due chips' minute. */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs)
    return () => clearInterval(timer)
  }, [intervalMs])
  return now
}

/** An API error in the reviewer's words: the review's own first, then the app's, then generic. */
export function useErrorText(): (code: string) => string {
  const { t } = useTranslation()
  return (code) => t([`review.errors.${code}`, `errors.${code}`, 'errors.generic'])
}
