/**
 * Error pages for people: a browser asking for a page that does not exist, too many requests, or a
 * failure gets a page in the workbench's style (no detail of the failure), while API clients (/v1, /docs,
 * /health, or anything not asking for HTML) keep their JSON answers.
 */
import type { FastifyRequest } from 'fastify';
import { html, layout } from './layout.js';

const API_PREFIXES = ['/v1/', '/v1?', '/docs', '/health'];

/** A browser's page request: GET/HEAD, Accept naming text/html, outside the API's paths. */
export function wantsHtmlPage(req: Pick<FastifyRequest, 'method' | 'url' | 'headers'>): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'POST') return false;
  const path = req.url;
  if (path === '/v1' || API_PREFIXES.some((p) => path.startsWith(p))) return false;
  return /\btext\/html\b/.test(String(req.headers.accept ?? ''));
}

const TEXT: Record<number, { title: string; message: string }> = {
  404: { title: 'Page not found', message: 'There is no page at this address. It may have been mistyped, or the link is out of date.' },
  429: { title: 'Too many requests', message: 'Too many requests came from here in a short time. Wait a minute, then try again.' },
  500: { title: 'Something went wrong', message: 'The gateway could not show this page. Nothing you entered was lost; try again, and tell the administrator if it keeps happening.' },
};

/** The page for an HTTP status (4xx other than 404/429 read as a bad request; 5xx as a failure, without detail). */
export function statusPage(status: number, retryAfterS?: number): string {
  const t = TEXT[status] ?? (status >= 500 ? TEXT[500] : { title: 'This request cannot be answered', message: 'The address or the form sent is not one the workbench understands.' });
  return layout(
    { title: t.title },
    html`<h1>${t.title}</h1><p class="notice error" role="alert">${t.message}${retryAfterS ? ` (about ${retryAfterS} s)` : ''}</p><p class="muted small">Error ${String(status)}</p><p><a href="/">Back to the dashboard</a></p>`,
  );
}
