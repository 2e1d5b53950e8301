/**
 * A tiny HTTP client for tests that behaves like a browser where it matters here: it keeps cookies, sends
 * our own Origin on form posts (unless told otherwise), and finds the form token in pages.
 */
export class Client {
  readonly cookies = new Map<string, string>();

  constructor(readonly base: string) {}

  get origin(): string {
    return new URL(this.base).origin;
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(path: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (this.cookies.size && !('Cookie' in headers)) headers.Cookie = this.cookieHeader();
    const response = await fetch(new URL(path, this.base), { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (/Max-Age=0/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  get(path: string, headers: Record<string, string> = {}) {
    return this.request(path, { headers });
  }

  /** A form post as a browser on our own page sends it; `headers` may replace Origin or add others. */
  post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
    return this.request(path, {
      method: 'POST',
      headers: { Origin: this.origin, 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
    });
  }

  /** The form token in a page (hidden `_csrf` input). */
  async tokenFrom(path: string): Promise<string> {
    const html = await (await this.get(path)).text();
    const m = /name="_csrf" value="([^"]+)"/.exec(html);
    if (!m) throw new Error(`no form token on ${path}`);
    return m[1];
  }

  async signIn(email: string, password: string): Promise<Response> {
    const token = await this.tokenFrom('/login');
    return this.post('/login', { _csrf: token, email, password });
  }
}
