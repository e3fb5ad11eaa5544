import { useId, type ReactNode, type RefObject } from 'react'
import { useDialogFocus } from '../lib/useDialogFocus'

export interface ModalDialogProps {
  title: ReactNode
  /** Under the title, in the header that stays in view: an intro, the client's language. */
  header?: ReactNode
  /** Size and feature classes beside `dialog` (`dialog--small reveal-dialog`). */
  className?: string
  /** Extra classes of the header (a header laid out as a toolbar). */
  headerClassName?: string
  /** Takes the focus when the dialog opens: the safe or the expected next action. */
  initialFocus: RefObject<HTMLElement | null>
  /** Esc, wherever the focus is; omitted: Esc does nothing while the dialog is open. */
  onEscape?: () => void
  children: ReactNode
}

/**
 * The modal every dialog of the desk is: a backdrop, the dialog named by its title, the keyboard
 * contract of useDialogFocus (focus in and back, Tab inside, Esc to the dialog), and a header
 * that stays in view while the body scrolls. The header is a div, not <header>: outside <main>
 * a header element would be a second banner landmark.
 */
export function ModalDialog(props: ModalDialogProps): React.JSX.Element {
  const titleId = useId()
  const { dialogRef, onKeyDown } = useDialogFocus({
    initialFocus: props.initialFocus,
    ...(props.onEscape ? { onEscape: props.onEscape } : {})
  })
  return (
    <div className="dialog-backdrop">
      <div
        ref={dialogRef}
        className={props.className ? `dialog ${props.className}` : 'dialog'}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onKeyDown={onKeyDown}
      >
        <div
          className={
            props.headerClassName ? `dialog__header ${props.headerClassName}` : 'dialog__header'
          }
        >
          <h2 id={titleId}>{props.title}</h2>
          {props.header}
        </div>
        {props.children}
      </div>
    </div>
  )
}
