import type { ColumnType, Generated, Kysely } from 'kysely'
import type { AccessAction, RevealReason } from '../../shared/domain/access-log'
import type { Role } from '../../shared/domain/staff'

/** Timestamps are written as Date and read back as Date by both drivers. */
type Timestamp = ColumnType<Date, Date | string, Date | string>
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>

export interface CentresTable {
  id: string
  name: string
}

export interface StaffTable {
  id: Generated<string>
  username: string
  display_name: string
  /** `scrypt$N$r$p$salt$hash`, see auth/password.ts. */
  password_hash: string
  roles: string[]
  centre_id: string
  failed_attempts: Generated<number>
  locked_until: Timestamp | null
  created_at: DefaultedTimestamp
  /** Set while the account is disabled (migration 017). */
  disabled_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
  /** The password is a one-time password an admin set (migration 017). */
  must_change_password: Generated<boolean>
  /** Grows with every change to the account: If-Match on PATCH /v1/staff/{id}. */
  version: Generated<number>
  updated_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
}

/** Every change to a staff account, by an admin or by its owner (migration 017); append-only. */
export interface StaffAdminEventsTable {
  id: ColumnType<string, never, never>
  staff_id: string
  actor_id: string
  at: Timestamp
  action: 'created' | 'updated' | 'password_changed'
  /** `{ field: { from, to } }`, or the new account for `created`; never a password. */
  changes: ColumnType<unknown, string | undefined, never>
}

export interface SessionsTable {
  id: Generated<string>
  /** SHA-256 (hex) of the bearer token; the token itself is never stored. */
  token_hash: string
  staff_id: string
  created_at: Timestamp
  expires_at: Timestamp
  revoked_at: Timestamp | null
  /** The last request, moved at most once a minute: the idle timeout's clock (migration 016). */
  last_seen_at: Timestamp
}

/** Failed sign-ins per normalised username or per source address (migration 016). */
export interface SignInThrottleTable {
  scope: 'account' | 'source'
  key: string
  failures: number
  locked_until: Timestamp | null
  last_failure_at: Timestamp
}

/** Who lifted whose sign-in lock, and when (migration 016); append-only. */
export interface StaffUnlocksTable {
  id: ColumnType<string, never, never>
  staff_id: string
  unlocked_by: string
  unlocked_by_role: string
  at: Timestamp
  was_locked_until: Timestamp | null
}

export interface ClientsTable {
  id: Generated<string>
  kind: 'private' | 'business'
  personal_code: string | null
  registration_number: string | null
  first_name: string | null
  last_name: string | null
  name: string | null
  email: string | null
  language: 'lv' | 'en' | 'ru'
  /** foldForSearch(display name): what name search matches against. */
  search_name: string
  created_at: DefaultedTimestamp
  /** Private clients only (migration 010); read with a `::text` cast, like contract dates. */
  birth_date: ColumnType<string | null, string | null | undefined, string | null>
  /** Address town; a business's registered address (migration 010). */
  town: ColumnType<string | null, string | null | undefined, string | null>
  /** Grows with every change of the client's data (migration 019): If-Match on PATCH. */
  version: ColumnType<number, number | undefined, number>
  /** Postal address, one line (migration 019). */
  address: ColumnType<string | null, string | null | undefined, string | null>
  updated_at: ColumnType<Date | null, Date | null | undefined, Date | null>
}

/** Who changed a client's data, when, how identity was verified, what (migration 019). */
export interface ClientChangesTable {
  id: ColumnType<string, never, never>
  client_id: string
  actor_id: string
  at: Timestamp
  version: number
  identity_verification: ColumnType<unknown, string, never>
  /** `[{ field, before, after }]`, never empty. */
  changes: ColumnType<unknown, string, never>
}

/** Each distinct word of the clients' search names, and how many clients have it (migration 020). */
export interface NameWordsTable {
  word: string
  clients: number
}

/** Each name word's one-deletion forms (migration 020). */
export interface NameWordDeletionsTable {
  deletion: string
  word: string
}

/** Word → clients: the inverted index of search names (migration 020), kept by triggers. */
export interface ClientNameWordsTable {
  word: string
  client_id: string
}

export interface ClientPhonesTable {
  client_id: string
  e164: string
  position: number
}

export interface ContractsTable {
  id: Generated<string>
  client_id: string
  number: string
  status: 'active' | 'suspended' | 'ended'
  /** Dates are read with `::text` casts so that no driver shifts them by a time zone. */
  start_date: ColumnType<string, string, string>
  end_date: ColumnType<string | null, string | null | undefined, string | null>
}

export interface AccessLogTable {
  id: Generated<string>
  staff_id: string
  client_id: string
  action: AccessAction
  at: Timestamp
  /** The role the access was made in (migration 018; null on older rows). */
  role: ColumnType<Role | null, Role | null | undefined, never>
  reason: ColumnType<RevealReason | null, RevealReason | null | undefined, never>
  reason_note: ColumnType<string | null, string | null | undefined, never>
  request_id: ColumnType<string | null, string | null | undefined, never>
}

export interface NoticeVersionsTable {
  purpose: string
  version: number
  language: string
  title: string
  text: string
  published_at: Timestamp
}

export interface ReceiptsTable {
  id: string
  client_id: string
  verification_code: string
  staff_id: string | null
  created_at: Timestamp
  /** The request's language: the one its notices were shown in (migration 011). */
  language: ColumnType<string | null, string | null | undefined, string | null>
  /** The version of the rights notice the client confirmed (migration 011). */
  rights_notice_version: ColumnType<number | null, number | null | undefined, number | null>
  /** The signed receipt payload (ReceiptPayload); null on receipts before migration 013. */
  payload: ColumnType<unknown, string | null | undefined, string | null>
  /** The compact JWS of `payload` (EdDSA); null on receipts before migration 013. */
  jws: ColumnType<string | null, string | null | undefined, string | null>
  /** The signing key's id (a JWK thumbprint), as in the JWS header. */
  kid: ColumnType<string | null, string | null | undefined, string | null>
  /** The customer centre it was issued at (migration 013). */
  centre_id: ColumnType<string | null, string | null | undefined, string | null>
}

/** Every public key receipts were ever signed with (migration 013); never deleted. */
export interface ReceiptSigningKeysTable {
  kid: string
  public_jwk: ColumnType<unknown, string, string>
  created_at: Timestamp
  retired_at: Timestamp | null
}

/** Each Art. 15 consent report issued (migration 013). */
export interface ConsentReportsTable {
  id: string
  client_id: string
  staff_id: string
  issued_at: Timestamp
  language: string
  jws: string
}

export interface ConsentEventsTable {
  id: string
  client_id: string
  seq: number
  version: number
  purpose: string
  channel: string | null
  action: string
  at: Timestamp
  source: string | null
  actor_kind: string
  actor_id: string | null
  centre: string | null
  identity_method: string | null
  identity_document_last4: string | null
  /** Who acted for a business client; all three or none (migration 008). */
  representative_name: string | null
  /** Compact, 11 digits: the proof. Reads mask it. */
  representative_personal_code: string | null
  representative_basis: string | null
  notice_version: number | null
  language: string | null
  receipt_id: string | null
  prev_hash: string | null
  hash: string
}

export interface ConsentProjectionTable {
  client_id: string
  purpose: string
  /** '' when the row is not a channel's (every purpose but `offers`, and offers' summary). */
  channel: string
  state: string
  since: Timestamp | null
  event_id: string | null
  source: string | null
  notice_version: number | null
}

export interface ClientConsentVersionsTable {
  client_id: string
  version: number
  last_seq: number
  head_hash: string | null
}

export interface IdempotencyKeysTable {
  staff_id: string
  key: string
  client_id: string
  request_hash: string
  state: 'in_flight' | 'done'
  response_status: number | null
  response_body: ColumnType<unknown, string | null, string | null>
  created_at: Timestamp
  claimed_at: Timestamp
}

export interface ConsentOutboxTable {
  position: ColumnType<string, never, never>
  /** The writing transaction's id (xid8, read as text); the feed's order (migration 012). */
  xact_id: ColumnType<string, never, never>
  event_id: string
  client_id: string
  created_at: Timestamp
}

/** An automated decision another system recorded (migration 014); never changed. */
export interface AutomatedDecisionsTable {
  id: string
  client_id: string
  kind: 'profiling' | 'credit'
  result: string
  /** numeric(12,2): read back as a string by pg, a number by PGlite; the repository converts. */
  limit_eur: ColumnType<string | number | null, number | null, number | null>
  segment: string | null
  offers: string[] | null
  model_name: string
  model_version: string
  /** JSON: written as text, read back parsed. */
  factors: ColumnType<unknown, string, string>
  inputs: ColumnType<unknown, string, string>
  decided_at: Timestamp
  recorded_at: Timestamp
  recorded_by: string
}

/** A human-review case, its claim, deadline, resolution and approval (migration 014). */
export interface ReviewCasesTable {
  id: string
  /** The case number (`P-` + number); bigint, read with a `::text` cast. */
  number: ColumnType<string, never, never>
  kind: 'decision_review' | 'manual_credit'
  client_id: string
  decision_id: string | null
  status: 'open' | 'claimed' | 'awaiting_approval' | 'closed'
  client_statement: string | null
  reply_channel: 'letter' | 'email' | 'centre'
  credit_purpose: string | null
  documents: ColumnType<unknown, string | undefined, string>
  requested_at: Timestamp
  requested_by: string
  centre_id: string | null
  /** Riga calendar dates, read with `::text` casts. */
  first_due_at: ColumnType<string, string, string>
  due_at: ColumnType<string, string, string>
  extension_months: number | null
  extension_reason: string | null
  extended_at: Timestamp | null
  extended_by: string | null
  assignee_id: string | null
  /** The fencing token (bigint from the review_claim_tokens sequence), read as text. */
  claim_token: ColumnType<string | null, string | null, string | null>
  lease_expires_at: Timestamp | null
  outcome: string | null
  new_outcome: ColumnType<unknown, string | null, string | null>
  conditions: string | null
  reason_code: string | null
  rationale: string | null
  decided_at: Timestamp | null
  decided_by: string | null
  approved: boolean | null
  approval_note: string | null
  approval_at: Timestamp | null
  approval_by: string | null
  closed_at: Timestamp | null
}

/** Every transition of every case (migration 014); append-only. */
export interface ReviewCaseHistoryTable {
  id: ColumnType<string, never, never>
  case_id: string
  at: Timestamp
  actor_id: string | null
  actor_role: string | null
  action: string
  details: ColumnType<unknown, string | undefined, never>
}

export interface Database {
  centres: CentresTable
  staff: StaffTable
  staff_admin_events: StaffAdminEventsTable
  sessions: SessionsTable
  sign_in_throttle: SignInThrottleTable
  staff_unlocks: StaffUnlocksTable
  clients: ClientsTable
  name_words: NameWordsTable
  name_word_deletions: NameWordDeletionsTable
  client_name_words: ClientNameWordsTable
  client_phones: ClientPhonesTable
  client_changes: ClientChangesTable
  contracts: ContractsTable
  access_log: AccessLogTable
  notice_versions: NoticeVersionsTable
  receipts: ReceiptsTable
  receipt_signing_keys: ReceiptSigningKeysTable
  consent_reports: ConsentReportsTable
  consent_events: ConsentEventsTable
  consent_projection: ConsentProjectionTable
  client_consent_versions: ClientConsentVersionsTable
  idempotency_keys: IdempotencyKeysTable
  consent_outbox: ConsentOutboxTable
  automated_decisions: AutomatedDecisionsTable
  review_cases: ReviewCasesTable
  review_case_history: ReviewCaseHistoryTable
}

export type DatabaseKind = 'pglite' | 'postgres'

export interface DatabaseHandle {
  db: Kysely<Database>
  kind: DatabaseKind
  close(): Promise<void>
}
