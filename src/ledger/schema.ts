/**
 * Ledger tables as Kysely sees them. Column types are kept dialect-neutral: text ids generated in code,
 * money as decimal strings (summed with decimal.js, never as floats), times as ISO-8601 text, booleans
 * as 0/1 integers. Only `claim_events.seq` is an auto-increment (SQLite AUTOINCREMENT; identity on Postgres).
 */
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { ClaimState } from './lifecycle.js';

/** intake = a claim batch from the practice; out = an 837 we send; in = a response we receive. */
export type FileDirection = 'intake' | 'out' | 'in';

export interface FilesTable {
  id: string;
  direction: FileDirection;
  partner_id: string | null;
  /** File name as received or as sent (no path). */
  name: string;
  sha256: string;
  /** The content hash for the first file with that content per direction; null on duplicates (unique index). */
  dedupe_key: string | null;
  size: number;
  /** batch | 837P | 837I | 837D | TA1 | 999 | 277CA | 277 | 835 | unknown */
  kind: string;
  /** See docs/ledger.md: intake received/processed/duplicate/rejected; out spooled/uploading/uploaded/acknowledged/rejected; in received/posted/duplicate/quarantined */
  state: string;
  duplicate_of: string | null;
  /** Where the file is now, relative to the data folder. */
  local_path: string | null;
  remote_name: string | null;
  /** Outbound 837 bytes: a retry sends exactly these. */
  content: string | null;
  /** Counts only, never data: JSON. */
  summary: string | null;
  error: string | null;
  attempts: number;
  created_at: string;
  updated_at: string;
  /** The practice (tenant) that owns the row (migration 0022; tenants.ts); NULL when it carries several practices' claims. */
  practice_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface InterchangesTable {
  id: string;
  partner_id: string;
  direction: 'out' | 'in';
  /** ISA13 as a number */
  control_number: number;
  file_id: string;
  /** The batch and chunk this interchange was generated for: a retry finds the same numbers here. */
  chunk_key: string | null;
  isa_date: string;
  isa_time: string;
  /** TA1 result: null until one arrives, then A / E / R. */
  ta1_status: string | null;
  created_at: string;
}

export interface GroupsTable {
  id: string;
  interchange_id: string;
  partner_id: string;
  /** GS06 */
  control_number: number;
  functional_id: string;
  version: string;
  /** AK9 status of the 999: A / E / P / R */
  ack_status: string | null;
}

export interface TransactionSetsTable {
  id: string;
  group_id: string;
  /** ST02 */
  control_number: string;
  type: string;
  /** IK5 status of the 999 */
  ack_status: string | null;
  claim_count: number;
}

export interface ClaimsTable {
  id: string;
  batch_file_id: string;
  /** 0-based position of the claim in its batch. */
  batch_index: number;
  partner_id: string;
  payer_id: string;
  claim_type: string;
  /** CLM01 (patient control number / patient account number) */
  patient_control_number: string;
  total_charge: string;
  service_date: string | null;
  transaction_set_id: string | null;
  /** Cached current state (derived from claim_events in the same transaction). */
  state: ClaimState;
  /** CLP07 / REF*1K from the payer */
  payer_claim_number: string | null;
  paid_amount: string | null;
  patient_responsibility: string | null;
  /** The claim as the practice sent it (JSON, PHI: never logged). */
  data: string;
  created_at: string;
  updated_at: string;
  /**
   * Copies of `data` kept in plain columns so the workbench can sort, group and index on them (migration
   * 0008): the patient's last / first name (the patient's, else the subscriber's, per field) and the
   * subscriber's member id. PHI like `data`: never logged. Written with the claim, never changed.
   */
  patient_last: string | null;
  patient_first: string | null;
  member_id: string | null;
  /**
   * The visit (lineage) the claim belongs to: the id of its first claim; an original and every
   * replacement (frequency 7) and void (8) after it share it (migration 0009-visits, src/ledger/visits.ts).
   */
  visit_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** CLM05-3 (or the type of bill's last character): 1 original, 7 replacement, 8 void. */
  frequency: ColumnType<string | null, string | null | undefined, string | null>;
  /** Hash of what makes two claims the same claim (src/ledger/duplicate-claims.ts). */
  content_key: ColumnType<string | null, string | null | undefined, string | null>;
  /** The practice (tenant) that owns the row (migration 0022; tenants.ts); NULL when it carries several practices' claims. */
  practice_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ClaimLinesTable {
  claim_id: string;
  line_number: number;
  /** REF*6R line item control number */
  line_control: string | null;
  procedure_code: string | null;
  charge: string;
  units: string | null;
}

export interface ClaimEventsTable {
  seq: Generated<number>;
  claim_id: string;
  from_state: ClaimState | null;
  to_state: ClaimState;
  at: string;
  source_file_id: string | null;
  /** JSON: { segmentNumber, loop, ... } where in the source file */
  position: string | null;
  /** JSON: codes and amounts that explain the event (STC codes, CLP02, 999 IK5...) */
  detail: string | null;
}

export interface RemittancesTable {
  id: string;
  file_id: string;
  partner_id: string | null;
  /** Payer identity for idempotency: TRN03 (or N1*PR identifier). */
  payer_key: string;
  /** TRN02 check or EFT trace number */
  trace_number: string;
  /** BPR02 */
  payment_amount: string;
  /** BPR04: CHK / ACH / NON / ... */
  payment_method: string;
  payment_date: string | null;
  payer_name: string | null;
  /** 1 when BPR02 = sum CLP04 - sum PLB */
  balanced: number;
  /** Hash of the claim payments (same claims, same amounts): a re-sent 835 under a new TRN02 has the same (migration 0009-visits). */
  content_key: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: string;
  /** The practice (tenant) that owns the row (migration 0022; tenants.ts); NULL when it carries several practices' claims. */
  practice_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface RemittanceClaimsTable {
  id: string;
  remittance_id: string;
  claim_id: string | null;
  patient_control_number: string;
  /** CLP02 */
  status_code: string;
  billed: string;
  paid: string;
  patient_responsibility: string;
  payer_claim_number: string | null;
  /** Resulting ledger state, or null when unmatched. */
  outcome: string | null;
  position: string | null;
}

export interface RemittanceLinesTable {
  id: string;
  remittance_claim_id: string;
  line_number: number;
  line_control: string | null;
  procedure_code: string | null;
  charge: string;
  paid: string;
  remarks: string | null;
}

export interface AdjustmentsTable {
  id: string;
  remittance_claim_id: string;
  /** null = claim level (2100 CAS), else the SVC line number in the remittance (2110 CAS) */
  line_number: number | null;
  group_code: string;
  reason_code: string;
  amount: string;
  quantity: string | null;
}

export interface ProviderAdjustmentsTable {
  id: string;
  remittance_id: string;
  provider_id: string;
  reason_code: string;
  reference: string | null;
  /** PLB amount as sent (positive reduces the payment). */
  amount: string;
}

export interface AcknowledgmentsTable {
  id: string;
  file_id: string;
  /** TA1 | 999 | 277CA | 277 */
  kind: string;
  interchange_control: string | null;
  group_control: string | null;
  transaction_control: string | null;
  /** Key of the claim for 277CA rows. */
  claim_id: string | null;
  status: string;
  detail: string | null;
  matched: number;
  created_at: string;
}

export interface UnmatchedTable {
  id: string;
  file_id: string;
  kind: string;
  /** What we looked for (control number, CLM01 ...) — kept in the database, never logged. */
  reference: string;
  reason: string;
  created_at: string;
}

export interface ControlCountersTable {
  partner_id: string;
  /** isa | gs */
  name: string;
  next_value: number;
}

export interface LedgerDatabase {
  files: FilesTable;
  interchanges: InterchangesTable;
  groups: GroupsTable;
  transaction_sets: TransactionSetsTable;
  claims: ClaimsTable;
  claim_lines: ClaimLinesTable;
  claim_events: ClaimEventsTable;
  remittances: RemittancesTable;
  remittance_claims: RemittanceClaimsTable;
  remittance_lines: RemittanceLinesTable;
  adjustments: AdjustmentsTable;
  provider_adjustments: ProviderAdjustmentsTable;
  acknowledgments: AcknowledgmentsTable;
  unmatched: UnmatchedTable;
  control_counters: ControlCountersTable;
}

export type FileRow = Selectable<FilesTable>;
export type ClaimRow = Selectable<ClaimsTable>;
export type ClaimEventRow = Selectable<ClaimEventsTable>;
export type RemittanceRow = Selectable<RemittancesTable>;
export type NewFile = Insertable<FilesTable>;
