/** The SQL dialect a migration writes for (the few dialect-specific details: auto-increment, triggers, JSON). */
export type LedgerDialect = 'sqlite' | 'postgres';
