import { createHash } from 'node:crypto';
import { decideRefresh, hashRefreshToken, mintRefreshToken, type StoredRefreshToken } from '../../src/domain/refresh-token';

const now = new Date('2030-06-01T12:00:00Z');
const tokenThat = (state: Partial<StoredRefreshToken>): StoredRefreshToken => ({
  id: 'token-1',
  userId: 'user-1',
  familyId: 'family-1',
  expiresAt: new Date(now.getTime() + 60_000),
  usedAt: null,
  revokedAt: null,
  familyRevoked: false,
  ...state,
});

describe('refresh decision', () => {
  test('when the token is unused, unexpired and its family alive, then it is rotated', () => {
    const token = tokenThat({});

    expect(decideRefresh(token, now)).toBe('rotate');
  });

  test('when the token was already used, then it is reuse', () => {
    const token = tokenThat({ usedAt: new Date(now.getTime() - 1_000) });

    expect(decideRefresh(token, now)).toBe('reuse');
  });

  test('when a used token has also expired, then it is still reuse, because its successors may be live', () => {
    const token = tokenThat({ usedAt: new Date(now.getTime() - 120_000), expiresAt: new Date(now.getTime() - 60_000) });

    expect(decideRefresh(token, now)).toBe('reuse');
  });

  test('when the token has expired, then it is rejected', () => {
    const token = tokenThat({ expiresAt: now });

    expect(decideRefresh(token, now)).toBe('reject');
  });

  test('when the token itself was revoked, then it is rejected', () => {
    const token = tokenThat({ revokedAt: new Date(now.getTime() - 1_000), familyRevoked: true });

    expect(decideRefresh(token, now)).toBe('reject');
  });

  test('when another token of its family was revoked, then it is rejected', () => {
    const token = tokenThat({ familyRevoked: true });

    expect(decideRefresh(token, now)).toBe('reject');
  });
});

describe('minting a refresh token', () => {
  test('when a token is minted, then it is 32 random bytes in base64url and only its SHA-256 is kept in the record', () => {
    const minted = mintRefreshToken({ userId: 'user-1', familyId: 'family-1' }, now, 3_600);

    expect(Buffer.from(minted.token, 'base64url')).toHaveLength(32);
    expect(minted.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(minted.record).toEqual({
      userId: 'user-1',
      familyId: 'family-1',
      tokenHash: createHash('sha256').update(minted.token).digest('hex'),
      expiresAt: new Date('2030-06-01T13:00:00Z'),
    });
    expect(JSON.stringify(minted.record)).not.toContain(minted.token);
  });

  test('when two tokens are minted, then they differ', () => {
    const first = mintRefreshToken({ userId: 'u', familyId: 'f' }, now, 60);

    const second = mintRefreshToken({ userId: 'u', familyId: 'f' }, now, 60);

    expect(second.token).not.toBe(first.token);
    expect(hashRefreshToken(second.token)).not.toBe(hashRefreshToken(first.token));
  });
});
