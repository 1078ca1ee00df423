/**
 * Workbench users (admin / biller / read-only) with scrypt-hashed passwords, API tokens for systems
 * (only their sha256 is stored) and browser sessions (only the sha256 of the cookie value is stored).
 */
import { createHash, randomBytes, randomUUID, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { LedgerDatabase } from './schema.js';
import { workbenchDb, type Role, type UsersTable } from './workbench-schema.js';

const scrypt = (password: string, salt: Buffer, keylen: number, opts: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))));

/** N = 2^15, r = 8, p = 1 (OWASP's minimum for scrypt), 32-byte key, 16-byte salt. */
const PARAMS = { N: 32768, r: 8, p: 1, keylen: 32 };

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, PARAMS.keylen, { N: PARAMS.N, r: PARAMS.r, p: PARAMS.p, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: 64 * 1024 * 1024 });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

export const sha256hex = (s: string) => createHash('sha256').update(s).digest('hex');

export type User = Omit<UsersTable, 'password_hash'>;

/** A valid hash of nothing anyone knows: login of an unknown user costs the same time as a wrong password. */
let decoyHash: Promise<string> | undefined;

export interface UserStoreOptions {
  now?: () => Date;
  /** Idle lifetime of a browser session. */
  sessionHours?: number;
}

export type UserStore = ReturnType<typeof createUserStore>;

export function createUserStore(ledgerDb: Kysely<LedgerDatabase>, options: UserStoreOptions = {}) {
  const db = workbenchDb(ledgerDb);
  const now = () => (options.now ?? (() => new Date()))();
  const sessionMs = (options.sessionHours ?? 8) * 3600_000;
  const pub = (u: UsersTable): User => ({ id: u.id, username: u.username, display_name: u.display_name, role: u.role, disabled: u.disabled, created_at: u.created_at });

  return {
    async createUser(input: { username: string; password: string; role: Role; displayName?: string }): Promise<User> {
      if (input.password.length < 12) throw new Error('a password needs at least 12 characters');
      const row: UsersTable = { id: 'U' + randomUUID().replace(/-/g, '').slice(0, 20), username: input.username, display_name: input.displayName ?? input.username, role: input.role, password_hash: await hashPassword(input.password), disabled: 0, created_at: now().toISOString() };
      await db.insertInto('users').values(row).execute();
      return pub(row);
    },

    /** Creates the user, or resets its password and role when it exists (the demo user on each start). */
    async ensureUser(input: { username: string; password: string; role: Role; displayName?: string }): Promise<User> {
      const existing = await db.selectFrom('users').selectAll().where('username', '=', input.username).executeTakeFirst();
      if (!existing) return this.createUser(input);
      await db.updateTable('users').set({ password_hash: await hashPassword(input.password), role: input.role, disabled: 0 }).where('id', '=', existing.id).execute();
      return pub({ ...existing, role: input.role, disabled: 0 });
    },

    async listUsers(): Promise<User[]> {
      return (await db.selectFrom('users').selectAll().orderBy('username').execute()).map(pub);
    },

    async getUser(id: string): Promise<User | undefined> {
      const u = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return u ? pub(u) : undefined;
    },

    /** The user when the password is right and the account enabled; undefined otherwise (same time either way). */
    async authenticate(username: string, password: string): Promise<User | undefined> {
      const u = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
      if (!u) {
        decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
        await verifyPassword(password, await decoyHash);
        return undefined;
      }
      const ok = await verifyPassword(password, u.password_hash);
      return ok && !u.disabled ? pub(u) : undefined;
    },

    /** A new API token for a system acting as `userId`; the token is returned once, only its hash is kept. */
    async createApiToken(userId: string, label: string): Promise<string> {
      const token = 'x12gw_' + randomBytes(24).toString('base64url');
      await db.insertInto('api_tokens').values({ id: 'T' + randomUUID().replace(/-/g, '').slice(0, 20), user_id: userId, label, token_hash: sha256hex(token), created_at: now().toISOString(), revoked_at: null }).execute();
      return token;
    },

    async userForToken(token: string): Promise<(User & { tokenLabel: string }) | undefined> {
      const row = await db
        .selectFrom('api_tokens')
        .innerJoin('users', 'users.id', 'api_tokens.user_id')
        .selectAll('users')
        .select('api_tokens.label as tokenLabel')
        .where('api_tokens.token_hash', '=', sha256hex(token))
        .where('api_tokens.revoked_at', 'is', null)
        .executeTakeFirst();
      return row && !row.disabled ? { ...pub(row), tokenLabel: row.tokenLabel } : undefined;
    },

    async createSession(userId: string): Promise<string> {
      const value = randomBytes(32).toString('base64url');
      const at = now();
      await db.insertInto('web_sessions').values({ id: sha256hex(value), user_id: userId, created_at: at.toISOString(), expires_at: new Date(at.getTime() + sessionMs).toISOString() }).execute();
      return value;
    },

    /** The session's user; extends an active session (idle timeout), drops an expired one. */
    async userForSession(value: string): Promise<User | undefined> {
      const id = sha256hex(value);
      const row = await db.selectFrom('web_sessions').innerJoin('users', 'users.id', 'web_sessions.user_id').selectAll('users').select('web_sessions.expires_at as expiresAt').where('web_sessions.id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      const at = now();
      if (row.expiresAt <= at.toISOString() || row.disabled) {
        await db.deleteFrom('web_sessions').where('id', '=', id).execute();
        return undefined;
      }
      // Extended at most once a minute (a page load is not a write).
      if (new Date(row.expiresAt).getTime() - at.getTime() < sessionMs - 60_000) await db.updateTable('web_sessions').set({ expires_at: new Date(at.getTime() + sessionMs).toISOString() }).where('id', '=', id).execute();
      return pub(row);
    },

    async endSession(value: string): Promise<void> {
      await db.deleteFrom('web_sessions').where('id', '=', sha256hex(value)).execute();
    },
  };
}
