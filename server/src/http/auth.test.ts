import { SignJWT } from 'jose';
import { tokenService } from './auth';

const SECRET = 'k'.repeat(48);
const key = new TextEncoder().encode(SECRET);

describe('bearer tokens (HS256)', () => {
  const t0 = Date.parse('2026-11-23T08:00:00Z');
  const svc = tokenService(SECRET, 3600, () => t0);

  it('verifies what it issued, until it expires', async () => {
    const { token } = await svc.issue(42);
    expect(await svc.verify(token)).toBe(42);
    expect(await tokenService(SECRET, 3600, () => t0 + 3599_000).verify(token)).toBe(42);
    expect(await tokenService(SECRET, 3600, () => t0 + 3600_000).verify(token)).toBeNull();
  });

  it('carries the account\'s sign-up time when given', async () => {
    const createdAt = new Date('2026-11-20T10:00:00Z');
    const { token } = await svc.issue(7, { createdAt });
    expect(await svc.verifyClaims(token)).toEqual({ userId: 7, createdAt });
    expect(await svc.verifyClaims((await svc.issue(7)).token)).toEqual({ userId: 7, createdAt: null });
  });

  it('refuses a changed payload, another key, alg none, another issuer, a token not yet valid and junk', async () => {
    const { token } = await svc.issue(42);
    const [h, p, s] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: '1' })).toString('base64url');
    expect(await svc.verify(`${h}.${forged}.${s}`)).toBeNull();
    expect(await tokenService('x'.repeat(48), 3600, () => t0).verify(token)).toBeNull();
    const none = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    expect(await svc.verify(`${none}.${p}.`)).toBeNull();
    expect(await svc.verify(`${none}.${p}.${s}`)).toBeNull();
    const iat = Math.floor(t0 / 1000);
    const other = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('42').setIssuer('someone-else').setIssuedAt(iat).setExpirationTime(iat + 60).sign(key);
    expect(await svc.verify(other)).toBeNull();
    const later = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('42').setIssuer('liangdian').setNotBefore(iat + 60).setExpirationTime(iat + 120).sign(key);
    expect(await svc.verify(later)).toBeNull();
    const hs512 = await new SignJWT({}).setProtectedHeader({ alg: 'HS512' }).setSubject('42').setIssuer('liangdian').setExpirationTime(iat + 60).sign(new TextEncoder().encode(SECRET.repeat(2)));
    expect(await svc.verify(hs512)).toBeNull();
    const zero = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('0').setIssuer('liangdian').setExpirationTime(iat + 60).sign(key);
    expect(await svc.verify(zero)).toBeNull();
    for (const junk of ['', 'a.b', 'a.b.c', '...', `${h}.${p}`, `${h}.${p}.${s}.x`]) expect(await svc.verify(junk)).toBeNull();
  });
});
