import { sql, type Kysely } from 'kysely'

// Frozen: a migration that has run somewhere is never edited; write a new one instead. The texts
// live here, in the migration, and nowhere else: a migration imports no application code, so that
// nothing edited later can change what it inserts. New wordings are new versions, new migrations.
//
// Version 1 in Latvian is the seed text (shared/seed/lmt-klientu-piekrisanas.lv.txt) VERBATIM, its
// typing slips included ("īzziņas", "apkalošanu", "kredītpēju", ...): it is the wording clients
// were shown, and an event proves what was shown (test/unit/notice-texts-golden.test.ts pins it).
// The English and Russian versions are our translations (domain-research §7), pending LMT's
// approval.

type Language = 'lv' | 'en' | 'ru'
type Purpose =
  | 'offers'
  | 'usage_metadata'
  | 'automated_profiling'
  | 'credit_information'
  | 'location'
  | 'loyalty'
  | 'research_metadata'

export interface NoticeText {
  title: string
  text: string
}

/** When version 1 counts as published (the seed text's date is not known; the project start). */
export const NOTICE_V1_PUBLISHED_AT = '2026-11-25T00:00:00Z'

export const NOTICES_V1: Record<Purpose, Record<Language, NoticeText>> = {
  offers: {
    lv: {
      title: 'LMT piedāvājumi',
      text: 'Šī piekrišana ļauj klientam ērti uzzināt par pieejamajiem piedāvājumiem un aktualitātēm. Mums ir iespēja arī iepriecināt klientu ar individuālu sveicienu un uzzināt viņa viedokli par jautājumiem, ko klients mums vēlas pavēstīt aptauju laikā.\n\n- Klients var izvēlēties, kādos kanālos vēlas saņemt informāciju un kādos – ne, piemēram, e-pastā, īzziņas vai telefona zvana veidā u. tml.\n- E-pasta sūtījumiem izmantojam viedo e-mārketingu – tas nozīmē, ka piedāvājumus sūtām atbilstoši klienta vēlmēm un neturpinām sūtīt vairs to, kas klientu neinteresē.'
    },
    en: {
      title: 'LMT offers',
      text: "This consent lets the client conveniently learn about available offers and news. It also lets us delight the client with personal greetings and hear the client's opinion, in surveys, on the questions the client wishes to tell us about.\n\n- The client may choose through which channels to receive information and through which not, for example by e-mail, text message (SMS) or phone call.\n- For e-mail we use smart e-marketing: we send offers that match the client's wishes and stop sending what does not interest the client."
    },
    ru: {
      title: 'Предложения LMT',
      text: 'Это согласие позволяет клиенту удобно узнавать о доступных предложениях и новостях. Оно также даёт нам возможность порадовать клиента персональным поздравлением и узнать его мнение по вопросам, о которых клиент хочет нам сообщить, в ходе опросов.\n\n- Клиент может выбрать, по каким каналам он хочет получать информацию, а по каким — нет, например по электронной почте, в виде SMS или телефонного звонка.\n- Для писем по электронной почте мы используем умный электронный маркетинг: отправляем предложения в соответствии с пожеланиями клиента и прекращаем отправлять то, что клиента не интересует.'
    }
  },
  usage_metadata: {
    lv: {
      title: 'Elektronisko sakaru metadati individuālai sadarbībai',
      text: 'Noslodzes dati (piemēram, sarunu minūtes, megabaiti) ļauj sniegt klientam atbalstu piemērotāko pieslēgumu un pakalpojumu izvēlē.\n\n- Iespēja jau laikus informēt klientu un piedāvāt izvēlēties papildu iekārtas iegādi vai esošās iekārtas maiņu jaudīgākai pieejamo pakalpojumu izmantošanai.'
    },
    en: {
      title: 'Electronic communications metadata for personalised cooperation',
      text: 'Usage data (for example call minutes and megabytes) lets us help the client choose the most suitable connections and services.\n\n- It lets us inform the client in good time and offer an additional device, or an upgrade of the current device, to make better use of the available services.'
    },
    ru: {
      title: 'Метаданные электронных коммуникаций для индивидуального сотрудничества',
      text: 'Данные об использовании (например, минуты разговоров, мегабайты) позволяют помочь клиенту в выборе наиболее подходящих подключений и услуг.\n\n- Возможность заблаговременно информировать клиента и предложить приобрести дополнительное устройство или заменить имеющееся на более мощное для использования доступных услуг.'
    }
  },
  automated_profiling: {
    lv: {
      title: 'Automatizēta apstrāde, tostarp profilēšana individuālai sadarbībai',
      text: 'Tas ļauj saņemt daudz ātrāku apkalošanu – lēmumu pieņemšana un atbildes sniegšana neprasa vaīrākas stundas vai pat dienas.\n\n- Klientam vienmēr pastāv iespēja šo lēmumu lūgt pārskatīt ar mūsu speciālistu iesaisti.\n- Tas ļauj klientam saņemt arī piemērotākus piedāvājumus un vajadzībām pielāgotas priekšrocības, jo LMT var ļemt vērā visu sadarbību ar klientu kopumā, tostarp informāciju par kopējo sadarbības ilgumu un apjomu.'
    },
    en: {
      title: 'Automated processing, including profiling, for personalised cooperation',
      text: "This gives the client much faster service: making a decision and giving an answer does not take several hours or even days.\n\n- The client may always ask for such a decision to be reviewed with the involvement of our specialists.\n- It also lets the client receive more suitable offers and benefits tailored to the client's needs, because LMT can take into account the whole cooperation with the client, including its total length and volume."
    },
    ru: {
      title:
        'Автоматизированная обработка, включая профилирование, для индивидуального сотрудничества',
      text: 'Это позволяет получать намного более быстрое обслуживание: принятие решения и ответ не требуют нескольких часов или даже дней.\n\n- Клиент всегда может попросить пересмотреть такое решение с участием наших специалистов.\n- Это также позволяет клиенту получать более подходящие предложения и преимущества, адаптированные к его потребностям, поскольку LMT может учитывать всё сотрудничество с клиентом в целом, в том числе информацию о его общей продолжительности и объёме.'
    }
  },
  credit_information: {
    lv: {
      title: 'Kredītinformācija individuālai sadarbībai',
      text: 'Tas dod mums iespēju ņemt vērā klienta vēlmes visā sadarbības laikā. Mēs rūpējamies par klientu spēju pildīt uzņemtās saistības ilgtermiņā. Pirms iekārtu un pakalpojumu iegādes tas ļauj ātri un vienkārši pārliecināties par kredītpēju, jo klientam nav jāiesniedz izziņas par savu kredītinformāciju.\n\n- Klients var ātrāk saņemt no LMT atbildi saistībā ar iekārtas vai pakalpojumu iegādi.\n- Protams, mēs respektējam, ja klients nevēlas, lai veicam pārbaudi ātrākā veidā. Šados gadījumos klientam ir tiesības par savu kredītpēju mūs informēt jebkurā citā sev ērtā veidā, kas ļauj pārliecināties par klienta spēju pildīt uzņemtās saistības.\n- Tāpat tas dod iespēju nākt pretī klientam brižos, kad klients vēlas attālināti atrisināt sev svarīgu jautājumu.'
    },
    en: {
      title: 'Credit information for personalised cooperation',
      text: "This lets us take the client's wishes into account throughout our cooperation. We care about clients being able to meet their obligations in the long term. Before devices and services are purchased, it allows creditworthiness to be confirmed quickly and simply, because the client does not need to submit statements about their credit information.\n\n- The client can get LMT's answer about buying a device or service sooner.\n- Of course, we respect a client's wish not to have the faster check carried out. In that case the client has the right to inform us about their creditworthiness in any other way convenient to them that allows us to confirm the client's ability to meet their obligations.\n- It also lets us accommodate the client when they wish to resolve an important matter remotely."
    },
    ru: {
      title: 'Кредитная информация для индивидуального сотрудничества',
      text: 'Это даёт нам возможность учитывать пожелания клиента на протяжении всего сотрудничества. Мы заботимся о том, чтобы клиент мог выполнять принятые обязательства в долгосрочной перспективе. Перед покупкой устройств и услуг это позволяет быстро и просто удостовериться в кредитоспособности, так как клиенту не нужно представлять справки о своей кредитной информации.\n\n- Клиент может быстрее получить ответ LMT в связи с покупкой устройства или услуг.\n- Разумеется, мы уважаем желание клиента, если он не хочет, чтобы мы проводили проверку ускоренным способом. В таких случаях клиент имеет право сообщить нам о своей кредитоспособности любым другим удобным для него способом, который позволяет удостовериться в его способности выполнять принятые обязательства.\n- Это также даёт возможность пойти навстречу клиенту, когда он хочет решить важный для себя вопрос удалённо.'
    }
  },
  location: {
    lv: {
      title: 'Atrašanās vietas dati individuālai sadarbībai',
      text: 'Atrašanās vietas dati ļauj klientiem uzzināt par savā reģionā pieejamajiem piedāvājumiem.\n\n- Piemēram, saņemt informāciju, ja pilsētas apkaimē notiek kāds koncerts, sporta pasākums vai atvērts jauns LMT klientu centrs, kā arī par pieejamajām tehnoloģijām pakalpojumu izmantošanai.'
    },
    en: {
      title: 'Location data for personalised cooperation',
      text: 'Location data lets clients learn about the offers available in their region.\n\n- For example, to receive information when a concert or a sports event takes place nearby or a new LMT customer centre opens, and about the technologies available for using the services.'
    },
    ru: {
      title: 'Данные о местоположении для индивидуального сотрудничества',
      text: 'Данные о местоположении позволяют клиентам узнавать о предложениях, доступных в их регионе.\n\n- Например, получать информацию, если поблизости проходит концерт, спортивное мероприятие или открывается новый клиентский центр LMT, а также о технологиях, доступных для использования услуг.'
    }
  },
  loyalty: {
    lv: {
      title: 'Lojalitātes dati individuālai sadarbībai - LMT piedāvājumi',
      text: 'Tas ļauj klientam saglabāt un pēc izvēles jebkurā brīdī (divu gadu laikā) atkal atjaunot uzkrāto lojalitāti, kā arī aktīvi turpināt saziņu ar LMT, saņemot piemērotākus piedāvājumus arī tad, ja klients uz laiku nolej pamēģināt citu pakalpojumu (tīklu) iespējas.'
    },
    en: {
      title: 'Loyalty data for personalised cooperation – LMT offers',
      text: 'This lets the client keep their accrued loyalty and, if they so choose, restore it at any moment (within two years), and keep in active contact with LMT, receiving more suitable offers, even if the client decides for a while to try the services (network) of another provider.'
    },
    ru: {
      title: 'Данные лояльности для индивидуального сотрудничества — предложения LMT',
      text: 'Это позволяет клиенту сохранить накопленную лояльность и по своему выбору в любой момент (в течение двух лет) восстановить её, а также активно продолжать общение с LMT, получая более подходящие предложения, даже если клиент решит на время попробовать услуги другого оператора (сети).'
    }
  },
  research_metadata: {
    lv: {
      title: 'Elektronisko sakaru metadati viedo iespēju attīstībai',
      text: 'Klientam ir iespēja izvēlēties būt līdzās sociāliem procesiem un palīdzēt jaunu iespēju radīšanā. Dati, tostarp noslodzes un atrašanās vietas dati (elektronisko sakaru metadati), sniedz atbalstu izpētei un intensitātes mērījumiem, piemēram, lai samazinātu sastrēgumus.\n\n- Tas dod atbalstu arī citu viedo risinājumu attīstīšanai, lai uzlabotu infrastruktūru. Piemēram, statistika no mobilo iekārtu signāliem ļauj apzināt plūsmu un plānot jaunu ceļu izbūvi vai veikt citus uzlabojumus.\n- Kad vien tas ir iespējams, vienmēr tiek dota priekšroka apkopotai datu formai – anonimizācijai un statistikai (lai netiktu identificēta persona).'
    },
    en: {
      title: 'Electronic communications metadata for the development of smart solutions',
      text: 'The client may choose to take part in social processes and help create new opportunities. Data, including usage and location data (electronic communications metadata), supports research and intensity measurements, for example to reduce traffic congestion.\n\n- It also supports the development of other smart solutions to improve infrastructure. For example, statistics from mobile device signals make it possible to understand flows and plan the construction of new roads or other improvements.\n- Whenever possible, an aggregated form of the data is always preferred: anonymisation and statistics (so that no person is identified).'
    },
    ru: {
      title: 'Метаданные электронных коммуникаций для развития умных решений',
      text: 'Клиент может решить участвовать в общественных процессах и помогать созданию новых возможностей. Данные, в том числе данные об использовании и о местоположении (метаданные электронных коммуникаций), служат исследованиям и измерениям интенсивности, например для уменьшения заторов на дорогах.\n\n- Это также помогает развивать другие умные решения для улучшения инфраструктуры. Например, статистика сигналов мобильных устройств позволяет изучать потоки и планировать строительство новых дорог или другие улучшения.\n- Всегда, когда это возможно, предпочтение отдаётся обобщённой форме данных — анонимизации и статистике (чтобы личность не была установлена).'
    }
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const languages: Language[] = ['lv', 'en', 'ru']
  const rows = (Object.keys(NOTICES_V1) as Purpose[]).flatMap((purpose) =>
    languages.map((language) => ({
      purpose,
      version: 1,
      language,
      title: NOTICES_V1[purpose][language].title,
      text: NOTICES_V1[purpose][language].text,
      published_at: NOTICE_V1_PUBLISHED_AT
    }))
  )
  await (db as Kysely<{ notice_versions: (typeof rows)[number] }>)
    .insertInto('notice_versions')
    .values(rows)
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from notice_versions where version = 1`.execute(db)
}
