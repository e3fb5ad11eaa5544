import { Component, type ErrorInfo, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

interface State {
  failed: boolean
}

/** Last line of defence: a render bug shows a way out instead of a blank window. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { failed: false }

  static getDerivedStateFromError(): State {
    return { failed: true }
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // Only the stack goes to the console; it may be read by support, so no state or props.
    console.error('Render failed', error, info.componentStack)
  }

  override render(): ReactNode {
    return this.state.failed ? <Crashed /> : this.props.children
  }
}

function Crashed(): React.JSX.Element {
  const { t } = useTranslation()
  return (
    <main className="crashed" role="alert">
      <h1>{t('errors.title')}</h1>
      <p>{t('errors.unexpected')}</p>
      <button
        type="button"
        className="button button--primary"
        onClick={() => window.location.reload()}
      >
        {t('errors.reload')}
      </button>
    </main>
  )
}
