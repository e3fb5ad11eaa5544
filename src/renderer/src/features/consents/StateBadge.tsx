import type { ConsentStateValue } from '../../../../shared/domain/consent'

/** Small inline icons: the state's word carries the meaning, the icon and colour repeat it. */
export function StateIcon({ state }: { state: ConsentStateValue }): React.JSX.Element {
  const common = {
    width: 12,
    height: 12,
    viewBox: '0 0 12 12',
    'aria-hidden': true,
    focusable: false
  } as const
  switch (state) {
    case 'given':
      return (
        <svg {...common}>
          <path d="M2 6.5l2.5 2.5L10 3.5" fill="none" stroke="currentColor" strokeWidth="2" />
        </svg>
      )
    case 'withdrawn':
      return (
        <svg {...common}>
          <path d="M2.5 6h7" stroke="currentColor" strokeWidth="2" />
        </svg>
      )
    case 'never_given':
      return (
        <svg {...common}>
          <circle cx="6" cy="6" r="4" fill="none" stroke="currentColor" strokeWidth="1.5" />
        </svg>
      )
    case 'paused':
      return (
        <svg {...common}>
          <path d="M4 2.5v7M8 2.5v7" stroke="currentColor" strokeWidth="2" />
        </svg>
      )
    case 'expired':
      return <ClockIcon />
  }
}

export function ClockIcon(): React.JSX.Element {
  return (
    <svg width={12} height={12} viewBox="0 0 12 12" aria-hidden="true" focusable="false">
      <circle cx="6" cy="6" r="4.6" fill="none" stroke="currentColor" strokeWidth="1.4" />
      <path d="M6 3.3V6l1.8 1.3" fill="none" stroke="currentColor" strokeWidth="1.4" />
    </svg>
  )
}

export function StateBadge(props: {
  state: ConsentStateValue
  label: string
  className?: string
}): React.JSX.Element {
  return (
    <span className={`cstate cstate--${props.state} ${props.className ?? ''}`}>
      <StateIcon state={props.state} />
      {props.label}
    </span>
  )
}
