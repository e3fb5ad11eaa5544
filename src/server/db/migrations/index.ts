import type { Migration } from 'kysely'
import * as createStaffAndSessions from './2026_11_25_001_create_staff_and_sessions'
import * as createClients from './2026_11_25_002_create_clients'
import * as createAccessLog from './2026_11_25_003_create_access_log'
import * as createConsentLedger from './2026_11_25_004_create_consent_ledger'
import * as publishNoticesV1 from './2026_11_25_005_publish_notices_v1'
import * as createConsentAppRole from './2026_11_25_006_create_consent_app_role'
import * as logIdentifierReveals from './2026_11_26_007_log_identifier_reveals'
import * as recordBusinessRepresentative from './2026_11_27_008_record_business_representative'
import * as clientBirthDateAndTown from './2026_11_30_010_client_birth_date_and_town'
import * as publishRightsNotice from './2026_11_30_011_publish_rights_notice'
import * as feedByTransactionId from './2026_11_30_012_feed_by_transaction_id'
import * as signReceipts from './2026_12_01_013_sign_receipts'
import * as reviewQueue from './2026_12_01_014_review_queue'
import * as leastPrivilege from './2026_12_01_015_least_privilege'
import * as signInThrottle from './2026_12_01_016_sign_in_throttle'
import * as staffAdministration from './2026_12_01_017_staff_administration'
import * as accessLogForEveryRead from './2026_12_01_018_access_log_for_every_read'
import * as clientChanges from './2026_12_02_019_client_changes'
import * as clientNameWords from './2026_12_02_020_client_name_words'
import * as clientWordSetIndex from './2026_12_02_021_client_word_set_index'
import * as signInThrottlePruning from './2026_12_03_022_sign_in_throttle_pruning'
import * as accessLogAscendingIndexes from './2026_12_03_023_access_log_ascending_indexes'
import * as accessLogWithoutRowLocks from './2026_12_03_024_access_log_without_row_locks'

/**
 * Every migration, registered in code: a bundled app has no migrations folder to read. Kysely runs
 * them in key order, so keys are the frozen file names.
 */
export const migrations: Record<string, Migration> = {
  '2026_11_25_001_create_staff_and_sessions': createStaffAndSessions,
  '2026_11_25_002_create_clients': createClients,
  '2026_11_25_003_create_access_log': createAccessLog,
  '2026_11_25_004_create_consent_ledger': createConsentLedger,
  '2026_11_25_005_publish_notices_v1': publishNoticesV1,
  '2026_11_25_006_create_consent_app_role': createConsentAppRole,
  '2026_11_26_007_log_identifier_reveals': logIdentifierReveals,
  '2026_11_27_008_record_business_representative': recordBusinessRepresentative,
  '2026_11_30_010_client_birth_date_and_town': clientBirthDateAndTown,
  '2026_11_30_011_publish_rights_notice': publishRightsNotice,
  '2026_11_30_012_feed_by_transaction_id': feedByTransactionId,
  '2026_12_01_013_sign_receipts': signReceipts,
  '2026_12_01_014_review_queue': reviewQueue,
  '2026_12_01_015_least_privilege': leastPrivilege,
  '2026_12_01_016_sign_in_throttle': signInThrottle,
  '2026_12_01_017_staff_administration': staffAdministration,
  '2026_12_01_018_access_log_for_every_read': accessLogForEveryRead,
  '2026_12_02_019_client_changes': clientChanges,
  '2026_12_02_020_client_name_words': clientNameWords,
  '2026_12_02_021_client_word_set_index': clientWordSetIndex,
  '2026_12_03_022_sign_in_throttle_pruning': signInThrottlePruning,
  '2026_12_03_023_access_log_ascending_indexes': accessLogAscendingIndexes,
  '2026_12_03_024_access_log_without_row_locks': accessLogWithoutRowLocks
}
