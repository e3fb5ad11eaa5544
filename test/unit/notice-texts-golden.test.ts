import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { NOTICES_V1 } from '../../src/server/db/migrations/2026_11_25_005_publish_notices_v1'
import { PURPOSES } from '../../src/shared/domain/consent'

/**
 * Version 1 of the Latvian notice texts is the seed text, verbatim (its typing slips included):
 * events prove that clients were shown exactly these words, so not one character may change.
 * A new wording is a new version. The digests were taken after checking every line and title
 * against shared/seed/lmt-klientu-piekrisanas.lv.txt.
 */
const GOLDEN: Record<(typeof PURPOSES)[number], { sha256: string; length: number }> = {
  offers: { sha256: '0ed189b0db0019b1c98fe842f4717fb5275ceeb8e9c72e260cca4b75c83373cb', length: 549 },
  usage_metadata: {
    sha256: '87b01404d41f2279758bd89858953501a2afcda85fd975b8e69b79a5fed1225d',
    length: 286
  },
  automated_profiling: {
    sha256: 'ec19490fdcef4d16046bcb9ea3c7dfacc658aa2c1fac0de038ba573cddce1aa4',
    length: 424
  },
  credit_information: {
    sha256: '1fb0dd6646c15b8265f8d406bacfd638aeb0cd8298a36f0bce4252ba7430b8b6',
    length: 749
  },
  location: { sha256: '00c400745f479e8a73256126516797c8ac704ce6e8c971cd609875f8c33cd405', length: 280 },
  loyalty: { sha256: 'b9f186305c3c05156a1e423bba0562e39ec7f022016c85445dacef0cb33248cf', length: 260 },
  research_metadata: {
    sha256: 'a67fabe5b9109ac6d2ae4719bad08be271c0c0737e44c992586b705cb2704a1b',
    length: 631
  }
}

describe('the seven Latvian notice texts, version 1', () => {
  it.each(PURPOSES)('%s is unchanged, title and text', (purpose) => {
    const { title, text } = NOTICES_V1[purpose].lv
    const digest = createHash('sha256').update(`${title}\n${text}`).digest('hex')
    expect({ sha256: digest, length: text.length }).toEqual(GOLDEN[purpose])
  })
})
