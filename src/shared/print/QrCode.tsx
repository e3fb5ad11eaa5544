import QRCode from 'qrcode'
import type { ReactElement } from 'react'

/** Modules of white border around the symbol (the QR specification asks for four). */
const QUIET_ZONE = 4

/**
 * The QR symbol's dark modules as one SVG path: each run of dark modules in a row is one
 * rectangle. Built from `QRCode.create(...).modules`, so the document needs no script and no image.
 */
export function qrPath(content: string): { size: number; d: string } {
  const { modules } = QRCode.create(content, { errorCorrectionLevel: 'M' })
  const size = modules.size
  const parts: string[] = []
  for (let y = 0; y < size; y++) {
    let x = 0
    while (x < size) {
      if (!modules.get(y, x)) {
        x++
        continue
      }
      const start = x
      while (x < size && modules.get(y, x)) x++
      parts.push(`M${start} ${y}h${x - start}v1h${start - x}z`)
    }
  }
  return { size, d: parts.join('') }
}

/** The QR code of `content` as inline SVG, sized by the stylesheet (`.qr`). */
export function QrCode({ content, label }: { content: string; label: string }): ReactElement {
  const { size, d } = qrPath(content)
  const side = size + 2 * QUIET_ZONE
  return (
    <svg
      className="qr"
      viewBox={`${-QUIET_ZONE} ${-QUIET_ZONE} ${side} ${side}`}
      role="img"
      aria-label={label}
      shapeRendering="crispEdges"
    >
      <path d={d} fill="#000" />
    </svg>
  )
}
