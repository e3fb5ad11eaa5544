/**
 * `a***@gmail.com`: the first letter and the domain, enough for the client at the counter to
 * recognise their address and for the agent to see there is one, not enough to write to it.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@')
  if (at <= 0) return '***'
  return `${email.slice(0, 1)}***${email.slice(at)}`
}
