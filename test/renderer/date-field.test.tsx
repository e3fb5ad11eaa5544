import './support/setup'
import { act, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useState } from 'react'
import { I18nextProvider } from 'react-i18next'
import { describe, expect, it } from 'vitest'
import type { WallTime } from '../../src/shared/domain/dates'
import type { Language } from '../../src/shared/domain/staff'
import { DateField } from '../../src/renderer/src/components/DateField'
import { createI18n } from '../../src/renderer/src/i18n'
import { formatDateTime } from '../../src/renderer/src/lib/format'

/** A filter-like owner: commits as typed, shows what is in force. */
function Owner(props: { initial?: WallTime | null; mode?: 'date' | 'datetime' }) {
  const [value, setValue] = useState<WallTime | null>(props.initial ?? null)
  return (
    <>
      <DateField
        label="Date"
        mode={props.mode ?? 'date'}
        commitWhileTyping
        value={value}
        onCommit={setValue}
      />
      <output data-testid="value">{value ? `${value.date} ${value.time ?? ''}`.trim() : '—'}</output>
      <button type="button" onClick={() => setValue(null)}>
        reset
      </button>
    </>
  )
}

function renderIn(language: Language, ui: React.ReactElement) {
  const i18n = createI18n(language)
  const user = userEvent.setup()
  const result = render(<I18nextProvider i18n={i18n}>{ui}</I18nextProvider>)
  return { ...result, i18n, user }
}

describe('DateField', () => {
  it.each([
    ['lv', 'dd.mm.gggg', 'dd.mm.gggg [hh:mm]', '15.03.2026'],
    ['en', 'dd/mm/yyyy', 'dd/mm/yyyy [hh:mm]', '15/03/2026'],
    ['ru', 'дд.мм.гггг', 'дд.мм.гггг [чч:мм]', '15.03.2026']
  ] as const)('%s: its format as placeholder and description, its form for a value', (language, date, dateTime, shown) => {
    renderIn(
      language,
      <>
        <Owner initial={{ date: '2026-03-15', time: null }} />
        <DateField label="At" mode="datetime" value={null} onCommit={() => {}} />
      </>
    )
    const field = screen.getByLabelText('Date')
    expect(field).toHaveAttribute('type', 'text')
    expect(field).toHaveAttribute('placeholder', date)
    expect(field).toHaveValue(shown)
    expect(screen.getByLabelText('At')).toHaveAttribute('placeholder', dateTime)
    expect(field.getAttribute('aria-describedby')).toBeTruthy()
  })

  it('commits valid text as it is typed, never a partial or impossible date', async () => {
    const { user } = renderIn('lv', <Owner />)
    const field = screen.getByLabelText('Date')
    await user.type(field, '1.3.202')
    expect(screen.getByTestId('value')).toHaveTextContent('—')
    await user.type(field, '6')
    expect(screen.getByTestId('value')).toHaveTextContent('2026-03-01')

    await user.clear(field)
    expect(screen.getByTestId('value')).toHaveTextContent('—')
    await user.type(field, '31.02.2026{Enter}')
    expect(screen.getByTestId('value')).toHaveTextContent('—')
    expect(field).toHaveAttribute('aria-invalid', 'true')
    expect(field).toHaveAccessibleDescription(/^Tāda datuma nav: 31\.02\.2026\./)
    // Corrected, the message goes and the value is taken.
    await user.clear(field)
    await user.type(field, '28.02.2026')
    expect(field).not.toHaveAttribute('aria-invalid')
    expect(screen.getByTestId('value')).toHaveTextContent('2026-02-28')
  })

  it('keeps the agent’s own spelling of the value, and shows a value set from outside', async () => {
    const { user } = renderIn('lv', <Owner />)
    const field = screen.getByLabelText('Date')
    await user.type(field, '1.3.2026')
    expect(field).toHaveValue('1.3.2026')
    await user.click(screen.getByRole('button', { name: 'reset' }))
    expect(field).toHaveValue('')
  })

  it('a language change rewrites a valid date in the new form, leaves a wrong one as typed', async () => {
    const { i18n, user } = renderIn(
      'lv',
      <>
        <Owner initial={{ date: '2026-03-15', time: null }} />
        <DateField label="Other" mode="date" value={null} onCommit={() => {}} />
      </>
    )
    await user.type(screen.getByLabelText('Other'), '30.02.2026')
    await user.tab()
    expect(screen.getByRole('alert')).toHaveTextContent('Tāda datuma nav: 30.02.2026.')
    await act(async () => {
      await i18n.changeLanguage('en')
    })
    expect(screen.getByLabelText('Date')).toHaveValue('15/03/2026')
    expect(screen.getByLabelText('Other')).toHaveValue('30.02.2026')
    expect(screen.getByRole('alert')).toHaveTextContent('There is no such date: 30.02.2026.')
  })

  it('a date and a 24-hour time; a 12-hour time is refused', async () => {
    const { user } = renderIn('en', <Owner mode="datetime" />)
    const field = screen.getByLabelText('Date')
    await user.type(field, '15/03/2026 7pm{Enter}')
    expect(screen.getByRole('alert')).toHaveTextContent('Enter the time as hh:mm, 24-hour.')
    await user.clear(field)
    await user.type(field, '15/03/2026 19:05')
    expect(screen.getByTestId('value')).toHaveTextContent('2026-03-15 19:05')
  })

  it('dates shown follow the app language, times the 24-hour clock, in Riga time', () => {
    const evening = '2026-03-15T19:05:00Z' // 21:05 in Riga
    expect(formatDateTime(evening, 'lv')).toBe('15.03.2026. 21:05')
    expect(formatDateTime(evening, 'en')).toBe('15/03/2026 21:05')
    expect(formatDateTime(evening, 'ru')).toBe('15.03.2026 21:05')
  })
})
