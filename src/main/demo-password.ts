import { DEFAULT_DEMO_PASSWORD } from '../server/config'

/** The demo accounts' password for the embedded API: DEMO_PASSWORD, else the server's default. */
export function demoPasswordFrom(env: Readonly<Record<string, string | undefined>>): string {
  return env.DEMO_PASSWORD?.trim() || DEFAULT_DEMO_PASSWORD
}
