/**
 * Money never rounds. decimal.js rounds the result of every operation to `precision` significant digits
 * (20 by default): 1000000000000000000.25 + 0 came out as 1000000000000000000.3. An X12 amount (type R)
 * has up to 18 digits and a file sums many of them, so the default could round a total. 40 significant
 * digits keep every sum and difference of real amounts exact. The setting belongs to the one decimal.js
 * class every module imports, so importing this module once (the remits and claims value modules do)
 * sets it for the whole process. Pure: no I/O.
 */
import { Decimal } from 'decimal.js';

export const MONEY_PRECISION = 40;
Decimal.set({ precision: MONEY_PRECISION });
