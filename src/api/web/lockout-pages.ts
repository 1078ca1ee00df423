/**
 * The administrators' page of accounts locked after repeated failed sign-ins (account-lockouts.ts), with
 * an Unlock button per account (form post with the CSRF token; audited). Other roles get a 403 page.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { lockedAccounts, unlockAccount, type AccountLockout } from '../../ledger/account-lockouts.js';
import type { WorkbenchContext } from '../workbench/context.js';
import type { PageHelpers } from './accounts-pages.js';
import { html, layout, plural, when } from './layout.js';
import type { Frame } from './pages.js';

export function lockoutsPage(frame: Frame, rows: AccountLockout[], notice?: { ok: boolean; text: string }): string {
  return layout(
    { title: 'Sign-in locks', active: 'sign-in-locks', viewer: frame.viewer, csrf: frame.csrf },
    html`<h1>Sign-in locks</h1>
<p class="muted">An account is locked after repeated failed sign-ins, from any address, and stays locked (across restarts) until an administrator unlocks it here. Unlock only when you know the person is the one trying.</p>
${notice ? html`<p class="notice ${notice.ok ? 'ok' : 'error'}" role="${notice.ok ? 'status' : 'alert'}">${notice.text}</p>` : ''}
${rows.length
  ? html`<p>${plural(rows.length, 'locked account')}</p><div class="scroll"><table class="locks"><thead><tr><th scope="col">User name</th><th scope="col" class="num">Failed sign-ins</th><th scope="col">Locked</th><th scope="col">Last failure</th><th scope="col">Action</th></tr></thead>
<tbody>${rows.map((r) => html`<tr data-locked="${r.username}"><td>${r.username}</td><td class="num">${String(r.failures)}</td><td>${when(r.lockedAt)}</td><td>${when(r.lastFailureAt)}</td><td><form method="post" action="/admin/sign-in-locks/unlock"><input type="hidden" name="_csrf" value="${frame.csrf}"><input type="hidden" name="username" value="${r.username}"><button type="submit" class="secondary" aria-label="Unlock ${r.username}">Unlock</button></form></td></tr>`)}</tbody></table></div>`
  : html`<p class="muted">No account is locked.</p>`}`,
  );
}

export async function registerLockoutPages(pages: FastifyInstance, ctx: WorkbenchContext, h: PageHelpers): Promise<void> {
  const p = pages.withTypeProvider<ZodTypeProvider>();
  p.get('/admin/sign-in-locks', { schema: { hide: true, querystring: z.object({ done: z.string().max(200).optional().catch(undefined) }) } }, async (req, reply) => {
    if (req.principal?.role !== 'admin') return h.sendHtml(reply, h.errorPage(h.frame(req, reply), 403, 'Only administrators can see and unlock locked accounts.'), 403);
    const rows = await lockedAccounts(ctx.ledger.db);
    await h.audit(req, 'view-sign-in-locks', { detail: { locked: rows.length } });
    return h.sendHtml(reply, lockoutsPage(h.frame(req, reply), rows, req.query.done ? { ok: true, text: req.query.done } : undefined));
  });
  p.post('/admin/sign-in-locks/unlock', { schema: { hide: true, body: z.object({ username: z.string().min(1).max(100), _csrf: z.string().optional() }) }, preHandler: pages.csrfProtection }, async (req, reply) => {
    if (req.principal?.role !== 'admin') return h.sendHtml(reply, h.errorPage(h.frame(req, reply), 403, 'Only administrators can unlock accounts.'), 403);
    const done = await unlockAccount(ctx.ledger.db, req.body.username);
    await h.audit(req, 'unlock-account', { detail: { username: req.body.username.slice(0, 64), unlocked: done } });
    return reply.redirect(`/admin/sign-in-locks?done=${encodeURIComponent(done ? `${req.body.username} can sign in again.` : `${req.body.username} was not locked.`)}`, 303);
  });
}
