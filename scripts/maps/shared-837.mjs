/**
 * Code lists the three 837 guides (005010X222A1, X223A2, X224A2) share, authored once: the map generators
 * (837P.mjs, 837I.mjs, 837D.mjs) import them, so a fix to one is made in one place. Re-run the three
 * generators after an edit; their JSON must only change where the fix meant it to.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where a generator writes its map: mappings/guides/, or $MAP_OUT_DIR (the test that checks the maps are what the generators emit). */
export const guideMapPath = (scriptUrl, file) => join(process.env.MAP_OUT_DIR ?? join(dirname(fileURLToPath(scriptUrl)), '..', '..', 'mappings', 'guides'), file);
export const PAYER_RESPONSIBILITY = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'P', 'S', 'T', 'U'];
export const CLAIM_FILING = ['11', '12', '13', '14', '15', '16', '17', 'AM', 'BL', 'CH', 'CI', 'DS', 'FI', 'HM', 'LM', 'MA', 'MB', 'MC', 'OF', 'TV', 'VA', 'WC', 'ZZ'];
export const PATIENT_RELATIONSHIP = ['01', '19', '20', '21', '39', '40', '53', 'G8'];
export const GENDER = ['F', 'M', 'U'];
export const PRICING_METHODOLOGY = ['00', '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13', '14'];
export const REJECT_REASON = ['T1', 'T2', 'T3', 'T4', 'T5', 'T6'];
export const POLICY_COMPLIANCE = ['1', '2', '3', '4', '5'];
export const EXCEPTION_CODES = ['1', '2', '3', '4', '5', '6'];
export const ATTACHMENT_REPORT_TYPES = [
  '03', '04', '05', '06', '07', '08', '09', '10', '11', '13', '15', '21', 'A3', 'A4', 'AM', 'AS', 'B2', 'B3', 'B4',
  'BR', 'BS', 'BT', 'CB', 'CK', 'CT', 'D2', 'DA', 'DB', 'DG', 'DJ', 'DS', 'EB', 'HC', 'HR', 'I5', 'IR', 'LA', 'M1',
  'MT', 'NN', 'OB', 'OC', 'OD', 'OE', 'OX', 'OZ', 'P4', 'P5', 'PE', 'PN', 'PO', 'PQ', 'PY', 'PZ', 'RB', 'RR', 'RT',
  'RX', 'SG', 'V5', 'XP',
];
export const ATTACHMENT_TRANSMISSION = ['AA', 'BM', 'EL', 'EM', 'FT', 'FX'];
