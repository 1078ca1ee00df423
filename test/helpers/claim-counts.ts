/** How many claims a gateway's SQLite ledger holds and how many are not final yet, read while it runs (read-only). */
import Database from 'better-sqlite3';

export function openClaims(dbPath: string): { total: number; open: number } {
  try {
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    const total = (db.prepare('SELECT count(*) AS n FROM claims').get() as { n: number }).n;
    const open = (db.prepare("SELECT count(*) AS n FROM claims WHERE state NOT IN ('scrub-rejected','interchange-rejected','ack-rejected','payer-rejected','paid','partially-paid','denied','reversed')").get() as { n: number }).n;
    db.close();
    return { total, open };
  } catch {
    return { total: 0, open: -1 };
  }
}
