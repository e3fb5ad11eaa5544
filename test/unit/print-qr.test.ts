import QRCode from 'qrcode'
import { describe, expect, it } from 'vitest'
import { qrPath } from '../../src/shared/print/QrCode'

/** Draws the path back onto a grid: each `M x y h w v1 h-w z` is a run of dark modules. */
function modulesOf(d: string, size: number): boolean[][] {
  const grid = Array.from({ length: size }, () => Array<boolean>(size).fill(false))
  for (const match of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-(\d+)z/g)) {
    const [x, y, width, back] = match.slice(1).map(Number) as [number, number, number, number]
    expect(back).toBe(width)
    for (let column = x; column < x + width; column++) grid[y]![column] = true
  }
  return grid
}

describe('the QR code as one SVG path', () => {
  for (const content of ['7K3M9QXZ', 'https://verify.example.lv/receipt?code=7K3M9QXZ']) {
    it(`draws exactly the modules of QRCode.create (level M) for ${content}`, () => {
      const { modules } = QRCode.create(content, { errorCorrectionLevel: 'M' })
      const { size, d } = qrPath(content)
      expect(size).toBe(modules.size)
      expect(d).toMatch(/^(M\d+ \d+h\d+v1h-\d+z)+$/)
      const drawn = modulesOf(d, size)
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) expect(drawn[y]![x]).toBe(Boolean(modules.get(y, x)))
      }
    })
  }
})
