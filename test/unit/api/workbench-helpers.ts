/** Shared by the workbench tests: sign in through the login form with inject() (cookies + CSRF token). */
import type { buildServer } from '../../../src/api/app.js';

type Server = Awaited<ReturnType<typeof buildServer>>;

export function cookiesOf(setCookie: string | string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of [setCookie ?? []].flat()) {
    const [pair] = c.split(';');
    const i = pair.indexOf('=');
    out[pair.slice(0, i)] = pair.slice(i + 1);
  }
  return out;
}

export const cookieHeader = (jar: Record<string, string>) =>
  Object.entries(jar)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');

export const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

export interface Session {
  jar: Record<string, string>;
  cookie: string;
  /** A fresh CSRF token for this session's forms. */
  csrf(): Promise<string>;
}

export async function signIn(server: Server, username: string, password: string): Promise<Session> {
  const form = await server.inject({ url: '/login' });
  const jar = cookiesOf(form.headers['set-cookie']);
  const res = await server.inject({ method: 'POST', url: '/login', headers: { cookie: cookieHeader(jar), 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ username, password, _csrf: csrfOf(form.body), next: '/' }).toString() });
  if (res.statusCode !== 303) throw new Error(`sign-in failed: ${res.statusCode}`);
  Object.assign(jar, cookiesOf(res.headers['set-cookie']));
  const session: Session = {
    jar,
    cookie: cookieHeader(jar),
    async csrf() {
      const page = await server.inject({ url: '/files', headers: { cookie: cookieHeader(jar) } });
      Object.assign(jar, cookiesOf(page.headers['set-cookie']));
      session.cookie = cookieHeader(jar);
      return csrfOf(page.body);
    },
  };
  return session;
}

/** inject() options for a form post (with extra headers such as the session cookie). */
export const form = (fields: Record<string, string>, headers: Record<string, string> = {}) => ({ headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });
