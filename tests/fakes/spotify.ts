import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { json, startServer, type Reply, type RunningServer } from './http';
import { FakeCatalog, type FakePlay } from './spotify-catalog';
import { escapeHtml, faultReply, recentlyPlayedJson, routeOf, type Fault, type Route } from './spotify-responses';

export type { Fault, FaultKind, Route } from './spotify-responses';

/**
 * A fake Spotify on 127.0.0.1: accounts (/authorize, /api/token) under /accounts and the Web
 * API under /v1, speaking Development Mode's shapes, driven by a scripted listening timeline
 * (`plays`, `now`) with switchable faults.
 */
export type FakeUser = { key: string; id: string; accountId?: string; displayName: string };

export const FAKE_CLIENT_ID = 'fake-client-id';
export const FAKE_CLIENT_SECRET = 'fake-client-secret';

type Grant = { userKey: string; redirectUri: string; challenge: string | null; scope: string };

export class FakeSpotify {
  catalog = new FakeCatalog();
  plays: FakePlay[] = [];
  /** The simulated present: plays ending later have not happened yet. */
  now = Date.now();
  users = new Map<string, FakeUser>();
  faults: Fault[] = [];
  rotateRefreshTokens = false;
  /** Quirks seen in the wild: every play reported twice (played_at 2 s apart), items out of order. */
  duplicateReports = false;
  outOfOrder = false;
  requests: { route: Route; at: number }[] = [];
  /**
   * Development Mode's daily quota: past this many Web API calls in 24 hours (of Date.now(),
   * which tests may move), every call answers 429 QUOTA_EXCEEDED. Null: no quota.
   */
  dailyQuota: number | null = null;
  /** Calls the quota refused. */
  quotaRefusals = 0;
  private codes = new Map<string, Grant>();
  private issued: string[] = [];
  private accessTokens = new Map<string, string>();
  private refreshTokens = new Map<string, string>();
  private server: RunningServer | null = null;

  addUser(user: FakeUser): void {
    this.users.set(user.key, user);
  }

  /** Tokens as if the user had just authorized (tests that skip the browser login). */
  issueTokens(userKey: string): { accessToken: string; refreshToken: string } {
    const accessToken = `at-${randomBytes(12).toString('hex')}`;
    const refreshToken = `rt-${randomBytes(12).toString('hex')}`;
    this.accessTokens.set(accessToken, userKey);
    this.refreshTokens.set(refreshToken, userKey);
    this.issued.push(accessToken, refreshToken);
    return { accessToken, refreshToken };
  }

  revokeRefreshTokens(): void {
    this.refreshTokens.clear();
    this.accessTokens.clear();
  }

  get url(): string {
    if (!this.server) throw new Error('fake Spotify not started');
    return this.server.url;
  }
  get accountsUrl(): string {
    return `${this.url}/accounts`;
  }
  get apiUrl(): string {
    return `${this.url}/v1`;
  }

  async start(port = 0): Promise<this> {
    this.server = await startServer((request, url, body) => this.handle(request, url, body), port);
    return this;
  }

  async close(): Promise<void> {
    await this.server?.close();
  }

  count(route: Route): number {
    return this.requests.filter((r) => r.route === route).length;
  }

  private takeFault(route: Route): Fault | null {
    const fault = this.faults.find((f) => f.route === route && (f.times ?? 1) > 0);
    if (!fault) return null;
    fault.times = (fault.times ?? 1) - 1;
    return fault;
  }

  /** Every token issued so far (e2e specs check none of them is stored or shipped in plaintext). */
  issuedTokens(): string[] {
    return [...this.issued];
  }

  private async handle(request: IncomingMessage, url: URL, body: string): Promise<Reply> {
    if (url.pathname === '/__admin/tokens') return json(200, this.issuedTokens());
    const route = routeOf(url.pathname);
    if (route === 'authorize') return this.authorize(url);
    if (route === null) return json(404, { error: { status: 404, message: 'Service not found' } });
    this.requests.push({ route, at: Date.now() });
    if (route === 'oembed') return this.oEmbed(url);
    if (this.overQuota(route)) {
      this.quotaRefusals++;
      return faultReply({ route, kind: 'quota' })!;
    }
    const fault = this.takeFault(route);
    const reply = fault ? faultReply(fault) : null;
    if (reply) return reply;
    const answer = route === 'token' ? this.token(request, body) : this.api(route, request, url);
    return fault?.kind === 'slow' ? { ...answer, delayMs: fault.delayMs ?? 5_000 } : answer;
  }

  /** Web API calls (not the accounts service, not oEmbed) in the last 24 hours, this one included. */
  private overQuota(route: Route): boolean {
    if (this.dailyQuota === null || route === 'token') return false;
    const since = Date.now() - 86_400_000;
    const calls = this.requests.filter((r) => r.at > since && r.route !== 'token' && r.route !== 'oembed').length;
    return calls > this.dailyQuota;
  }

  /** Calls of a route in the last 24 hours (of Date.now()). */
  countSince(route: Route, since: number): number {
    return this.requests.filter((r) => r.route === route && r.at > since).length;
  }

  /** oEmbed needs no token and is not the Web API: no quota. */
  private oEmbed(url: URL): Reply {
    const answer = this.catalog.oEmbedJson(url.searchParams.get('url') ?? '');
    return answer ? json(200, answer) : json(404, { error: 'Not found' });
  }

  /** The consent page: one button per fake user. Approving redirects with a code. */
  private authorize(url: URL): Reply {
    const params = url.searchParams;
    const user = params.get('user');
    const redirectUri = params.get('redirect_uri') ?? '';
    if (params.get('client_id') !== FAKE_CLIENT_ID || !redirectUri.startsWith('http')) return json(400, { error: 'invalid_client' });
    if (user && this.users.has(user)) {
      const code = randomBytes(8).toString('hex');
      this.codes.set(code, { userKey: user, redirectUri, challenge: params.get('code_challenge'), scope: params.get('scope') ?? '' });
      const target = new URL(redirectUri);
      target.searchParams.set('code', code);
      if (params.get('state')) target.searchParams.set('state', params.get('state')!);
      return { status: 303, headers: { location: target.toString() } };
    }
    const buttons = [...this.users.values()]
      .map((u) => {
        const next = new URLSearchParams(params);
        next.set('user', u.key);
        return `<li><a href="/accounts/authorize?${escapeHtml(next.toString())}">Agree as ${escapeHtml(u.displayName)}</a></li>`;
      })
      .join('');
    const page = `<!doctype html><html lang="en"><title>Fake Spotify</title><h1>Fake Spotify login</h1><p>Scopes: ${escapeHtml(params.get('scope') ?? '')}</p><ul>${buttons}</ul></html>`;
    return { status: 200, headers: { 'content-type': 'text/html' }, body: page };
  }

  private token(request: IncomingMessage, body: string): Reply {
    const expected = `Basic ${Buffer.from(`${FAKE_CLIENT_ID}:${FAKE_CLIENT_SECRET}`).toString('base64')}`;
    const form = new URLSearchParams(body);
    const basicOk = request.headers.authorization === expected;
    const postOk = form.get('client_id') === FAKE_CLIENT_ID && form.get('client_secret') === FAKE_CLIENT_SECRET;
    if (!basicOk && !postOk) return json(400, { error: 'invalid_client', error_description: 'Invalid client' });
    let userKey: string | undefined;
    let scope = 'user-read-recently-played user-top-read';
    let refreshToken: string | undefined;
    if (form.get('grant_type') === 'authorization_code') {
      const grant = this.codes.get(form.get('code') ?? '');
      this.codes.delete(form.get('code') ?? '');
      if (!grant || grant.redirectUri !== form.get('redirect_uri'))
        return json(400, { error: 'invalid_grant', error_description: 'Invalid authorization code' });
      const verifier = form.get('code_verifier');
      if (grant.challenge && (!verifier || createHash('sha256').update(verifier).digest('base64url') !== grant.challenge)) {
        return json(400, { error: 'invalid_grant', error_description: 'code_verifier was incorrect' });
      }
      userKey = grant.userKey;
      scope = grant.scope;
    } else if (form.get('grant_type') === 'refresh_token') {
      const old = form.get('refresh_token') ?? '';
      userKey = this.refreshTokens.get(old);
      if (!userKey) return json(400, { error: 'invalid_grant', error_description: 'Refresh token revoked' });
      if (this.rotateRefreshTokens) this.refreshTokens.delete(old);
      else refreshToken = old;
    } else {
      return json(400, { error: 'unsupported_grant_type' });
    }
    const issued = this.issueTokens(userKey);
    if (refreshToken) this.refreshTokens.delete(issued.refreshToken);
    const rotated = !refreshToken || form.get('grant_type') === 'authorization_code';
    return json(200, {
      access_token: issued.accessToken,
      token_type: 'Bearer',
      expires_in: 3600,
      scope,
      ...(rotated ? { refresh_token: issued.refreshToken } : {}),
    });
  }

  private api(route: Route, request: IncomingMessage, url: URL): Reply {
    const token = request.headers.authorization?.replace(/^Bearer /, '') ?? '';
    const userKey = this.accessTokens.get(token);
    if (!userKey) return json(401, { error: { status: 401, message: 'The access token expired' } });
    if (route === 'me') {
      const user = this.users.get(userKey)!;
      return json(200, {
        id: user.id,
        ...(user.accountId ? { account_id: user.accountId } : {}),
        display_name: user.displayName,
        type: 'user',
        uri: `spotify:user:${user.id}`,
      });
    }
    if (route === 'recently-played') {
      const limit = Number(url.searchParams.get('limit') ?? 20);
      const { now, duplicateReports, outOfOrder } = this;
      const href = `${this.apiUrl}/me/player/recently-played?limit=${limit}`;
      return json(200, recentlyPlayedJson(this.catalog, this.plays, { now, limit, duplicateReports, outOfOrder, href }));
    }
    const id = decodeURIComponent(url.pathname.split('/').pop() ?? '');
    const item = route === 'artists' ? this.catalog.artistJson(id) : this.catalog.trackJson(id);
    return item ? json(200, item) : json(404, { error: { status: 404, message: 'Resource not found' } });
  }
}
