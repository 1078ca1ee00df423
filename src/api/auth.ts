/** Bearer-token authentication for every route with PHI. Tokens compared in constant time. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

const digest = (s: string) => createHash('sha256').update(s).digest();

export function bearerAuth(tokens: readonly string[]) {
  const allowed = tokens.filter((t) => t.length >= 16).map(digest);
  if (allowed.length === 0) throw new Error('the API needs at least one bearer token of 16 characters or more');
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(header);
    const given = m ? digest(m[1].trim()) : undefined;
    if (!given || !allowed.some((a) => timingSafeEqual(a, given))) {
      reply.header('www-authenticate', 'Bearer');
      return reply.code(401).send({ error: 'unauthorized', message: 'a valid bearer token is required' });
    }
  };
}

/** Tokens from a secret value: one per line or comma-separated. */
export function parseTokens(secret: string | undefined): string[] {
  return (secret ?? '')
    .split(/[\n,]/)
    .map((t) => t.trim())
    .filter(Boolean);
}
