import { ApiErrorSchema } from './errors'
import type { Operation } from './operations'
import { ClientIdParamsSchema } from '../domain/client'
import {
  ConsentReportQuerySchema,
  ConsentReportSchema,
  JwksSchema,
  ReceiptIdParamsSchema,
  ReceiptListQuerySchema,
  ReceiptListSchema,
  ReceiptSchema,
  VerifyReceiptRequestSchema,
  VerifyReceiptResponseSchema
} from '../domain/receipt'

const COUNTER = ['agent', 'supervisor'] as const
const VERIFIERS = ['agent', 'supervisor', 'reviewer', 'integration'] as const

const commonErrors = {
  400: ApiErrorSchema,
  401: ApiErrorSchema,
  403: ApiErrorSchema
} as const

/**
 * Signed receipts and the client's consent report (issue 8). Merged into `operations`.
 *
 * A receipt is a compact JWS (EdDSA over Ed25519, `kid` in the header) of its payload; anyone can
 * check it against `/.well-known/jwks.json` without the database. A supervisor sees every
 * receipt; an agent only the ones they issued (another's is a 404, as if it did not exist).
 */
export const receiptOperations = {
  getReceipt: {
    method: 'GET',
    path: '/v1/receipts/:id',
    summary: 'One signed receipt: its JWS and the payload it signs',
    tags: ['receipts'],
    auth: COUNTER,
    params: ReceiptIdParamsSchema,
    accessLog: 'receipt',
    responses: { 200: ReceiptSchema, ...commonErrors, 404: ApiErrorSchema }
  },
  listReceipts: {
    method: 'GET',
    path: '/v1/receipts',
    summary: 'The receipts register, newest first, by client, time, agent and centre',
    tags: ['receipts'],
    auth: COUNTER,
    query: ReceiptListQuerySchema,
    accessLog: 'receipt',
    responses: { 200: ReceiptListSchema, ...commonErrors }
  },
  verifyReceipt: {
    method: 'POST',
    path: '/v1/receipts/verify',
    summary:
      'Is this receipt genuine? Send its JWS or its printed code; the answer comes from the ' +
      'signed payload, checked against the hash chain',
    tags: ['receipts'],
    auth: VERIFIERS,
    body: VerifyReceiptRequestSchema,
    responses: { 200: VerifyReceiptResponseSchema, ...commonErrors }
  },
  receiptKeys: {
    method: 'GET',
    path: '/.well-known/jwks.json',
    summary: 'The public keys receipts and reports are signed with (JWKS, every key ever used)',
    tags: ['receipts'],
    auth: 'public',
    responses: { 200: JwksSchema }
  },
  getConsentReport: {
    method: 'GET',
    path: '/v1/clients/:id/consent-report',
    summary: "The client's consent report (GDPR Art. 15) as signed JSON; each issue is logged",
    tags: ['receipts'],
    auth: COUNTER,
    params: ClientIdParamsSchema,
    query: ConsentReportQuerySchema,
    accessLog: 'report',
    responses: { 200: ConsentReportSchema, ...commonErrors, 404: ApiErrorSchema }
  }
} as const satisfies Record<string, Operation>
