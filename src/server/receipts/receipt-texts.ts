import type { ConsentSource, Purpose } from '../../shared/domain/consent'
import type { Language } from '../../shared/domain/staff'

/**
 * The few words a signed receipt or report carries besides the published notices: purposes'
 * titles and texts come from `notice_versions`; these are the fixed phrases, per language.
 * Kantara's category values are vocabulary, not prose: they stay in English in every language.
 */

type Texts = Record<Language, string>

/** Kantara CR v1.1 purpose and PII categories per purpose (Appendix A / B vocabularies). */
export const PURPOSE_KANTARA: Record<
  Purpose,
  { purposeCategory: string[]; piiCategory: string[]; thirdPartyDisclosure: boolean }
> = {
  offers: {
    purposeCategory: ['Marketing'],
    piiCategory: ['Contact'],
    thirdPartyDisclosure: false
  },
  usage_metadata: {
    purposeCategory: ['Improve Performance', 'Marketing'],
    piiCategory: ['Network/Service'],
    thirdPartyDisclosure: false
  },
  automated_profiling: {
    purposeCategory: ['Personalized Experience'],
    piiCategory: ['Profiling'],
    thirdPartyDisclosure: false
  },
  // The faster creditworthiness check asks a credit information bureau: data leaves LMT.
  credit_information: {
    purposeCategory: ['Contracted Service'],
    piiCategory: ['Financial'],
    thirdPartyDisclosure: true
  },
  location: {
    purposeCategory: ['Personalized Experience'],
    piiCategory: ['Network/Service'],
    thirdPartyDisclosure: false
  },
  loyalty: {
    purposeCategory: ['Marketing'],
    piiCategory: ['Biographical', 'Contact'],
    thirdPartyDisclosure: false
  },
  research_metadata: {
    purposeCategory: ['Improve Performance'],
    piiCategory: ['Network/Service'],
    thirdPartyDisclosure: false
  }
}

/** Kantara `services[].service`: what the consents are given within. */
export const SERVICE_NAME: Texts = {
  lv: 'LMT elektronisko sakaru pakalpojumi',
  en: 'LMT electronic communications services',
  ru: 'Услуги электронной связи LMT'
}

/** ISO 27560 `withdrawal method`: the seed's promise, as the receipt states it. */
export const WITHDRAWAL_METHOD: Texts = {
  lv:
    'Piekrišanu var atsaukt jebkurā laikā tikpat viegli, kā tā dota: LMT klientu centrā, ' +
    'mans.lmt.lv vai citos LMT saziņas kanālos. Atsaukums neietekmē datu apstrādi, kas veikta ' +
    'līdz tā saņemšanai.',
  en:
    'A consent can be withdrawn at any time, as easily as it was given: at an LMT customer ' +
    "centre, at mans.lmt.lv or through LMT's other contact channels. Withdrawal does not affect " +
    'processing carried out before it was received.',
  ru:
    'Согласие можно отозвать в любое время так же легко, как оно было дано: в клиентском ' +
    'центре LMT, на mans.lmt.lv или через другие каналы связи LMT. Отзыв не влияет на ' +
    'обработку, выполненную до его получения.'
}

/** Kantara `termination`: how long a consent lasts. */
export const TERMINATION: { untilWithdrawn: Texts; loyalty: Texts } = {
  untilWithdrawn: { lv: 'Līdz atsaukumam', en: 'Until withdrawn', ru: 'До отзыва' },
  loyalty: {
    lv: 'Līdz atsaukumam, bet ne ilgāk kā divus gadus pēc pēdējā līguma beigām',
    en: 'Until withdrawn, or until two years after the last contract ends',
    ru: 'До отзыва, но не дольше двух лет после окончания последнего договора'
  }
}

/** Kantara `collectionMethod`, from the request's source. */
export const COLLECTION_METHOD: Record<ConsentSource, Texts> = {
  customer_centre: {
    lv: 'Klātienē LMT klientu centrā',
    en: 'In person at an LMT customer centre',
    ru: 'Лично в клиентском центре LMT'
  },
  phone: { lv: 'Pa tālruni', en: 'By phone', ru: 'По телефону' },
  app: { lv: 'LMT lietotnē', en: 'In the LMT app', ru: 'В приложении LMT' },
  self_service: {
    lv: 'Pašapkalpošanā (mans.lmt.lv)',
    en: 'Self-service (mans.lmt.lv)',
    ru: 'Самообслуживание (mans.lmt.lv)'
  }
}
