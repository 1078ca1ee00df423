/**
 * Practice admins manage the users of their practices (issue 17): list them, add a user (new, or an
 * existing one) to a practice with a role. A service-wide admin manages every practice. A practice the
 * caller does not administer answers 404, as if it did not exist.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { WorkbenchDatabase } from '../../ledger/workbench-schema.js';
import { tenantDb, PRACTICE_ID_PATTERN, type TenantDatabase, PRACTICE_ROLES, setUserPractice } from '../../ledger/tenants.js';
import { requirePrincipal, type Principal, type WorkbenchContext } from './context.js';

const security = [{ bearer: [] }];
const Problem = z.object({ error: z.string(), message: z.string() });
const PracticeUser = z.object({ username: z.string(), practiceId: z.string(), role: z.enum(PRACTICE_ROLES) });

/** The practices `p` administers: 'all' for a service-wide admin. */
export function administeredPractices(p: Principal | undefined): readonly string[] | 'all' {
  if (!p || p.role !== 'admin') return [];
  if (p.scope.practiceIds === 'all') return 'all';
  return p.practices.filter((m) => m.role === 'admin').map((m) => m.practiceId);
}

export function practiceUserRoutes(ctx: WorkbenchContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook('onRequest', requirePrincipal());
    app.get('/v1/practice-users', { schema: { tags: ['workbench'], summary: 'The users of the practices the caller administers, with their role in each (admins only)', security, response: { 200: z.object({ users: z.array(PracticeUser) }), 403: Problem } } }, async (req, reply) => {
      const mine = administeredPractices(req.principal);
      if (mine !== 'all' && mine.length === 0) return reply.code(403).send({ error: 'forbidden', message: 'only an administrator of a practice manages its users' });
      let q = (ctx.ledger.db as unknown as Kysely<TenantDatabase & WorkbenchDatabase>).selectFrom('user_practices').innerJoin('users', 'users.id', 'user_practices.user_id').select(['users.username', 'user_practices.practice_id', 'user_practices.role']);
      if (mine !== 'all') q = q.where('user_practices.practice_id', 'in', [...mine]);
      const rows = await q.orderBy('user_practices.practice_id').orderBy('users.username').execute();
      return { users: rows.map((r) => ({ username: r.username, practiceId: r.practice_id, role: r.role })) };
    });
    app.post(
      '/v1/practice-users',
      {
        schema: {
          tags: ['workbench'],
          summary: 'Adds a user to a practice with a role; creates the user when `password` is given and the name is new (admins of that practice only)',
          security,
          body: z.object({ username: z.string().min(1).max(100), practiceId: z.string().regex(PRACTICE_ID_PATTERN), role: z.enum(PRACTICE_ROLES), password: z.string().min(12).max(1000).optional() }),
          response: { 200: PracticeUser, 403: Problem, 404: Problem, 422: Problem },
        },
      },
      async (req, reply) => {
        const mine = administeredPractices(req.principal);
        if (mine !== 'all' && mine.length === 0) return reply.code(403).send({ error: 'forbidden', message: 'only an administrator of a practice manages its users' });
        const b = req.body;
        if (mine !== 'all' && !mine.includes(b.practiceId)) return reply.code(404).send({ error: 'not-found', message: 'no such practice' });
        const existing = (await ctx.users.listUsers()).find((u) => u.username === b.username);
        // A practice admin may not take over a user of another practice or a service-wide one.
        if (existing && mine !== 'all') {
          const theirs = await tenantDb(ctx.ledger.db).selectFrom('user_practices').select('practice_id').where('user_id', '=', existing.id).execute();
          if (theirs.length === 0 || theirs.some((t) => !mine.includes(t.practice_id))) return reply.code(404).send({ error: 'not-found', message: 'no such user in your practices' });
        }
        if (!existing && !b.password) return reply.code(422).send({ error: 'password-needed', message: 'a new user needs a password of 12 characters or more' });
        const user = existing ?? (await ctx.users.createUser({ username: b.username, password: b.password!, role: b.role }));
        try {
          await setUserPractice(ctx.ledger.db, user.id, b.practiceId, b.role);
        } catch {
          return reply.code(404).send({ error: 'not-found', message: 'no such practice' });
        }
        await ctx.audit.record({ actor: req.principal!.actor, role: req.principal!.role, action: 'practice-user', detail: { practiceId: b.practiceId, role: b.role, created: !existing } });
        return { username: user.username, practiceId: b.practiceId, role: b.role };
      },
    );
  };
}
