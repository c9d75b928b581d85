import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditHash, canonicalJson, GENESIS_HASH } from '../../src/audit/hash';
import { DEV_AUDIT_KEY } from '../../src/audit/key';

describe('canonicalJson', () => {
  it('sorts object keys at every depth and keeps array order', () => {
    const a = { b: 1, a: { z: [3, { y: 1, x: 2 }], c: null }, aa: '文' };
    expect(canonicalJson(a)).toBe('{"a":{"c":null,"z":[3,{"x":2,"y":1}]},"aa":"文","b":1}');
  });

  it('does not depend on insertion order', () => {
    expect(canonicalJson({ x: 1, y: { p: 1, q: 2 } })).toBe(canonicalJson({ y: { q: 2, p: 1 }, x: 1 }));
  });

  it('follows JSON.stringify for dates, undefined and non-finite numbers', () => {
    const at = new Date('2024-03-01T08:00:00.123Z');
    expect(canonicalJson({ at, gone: undefined, list: [undefined, Number.NaN], n: -0 })).toBe(
      '{"at":"2024-03-01T08:00:00.123Z","list":[null,null],"n":0}',
    );
  });

  it('refuses bigint rather than hashing something else than is stored', () => {
    expect(() => canonicalJson({ fen: 10n })).toThrow(/bigint/);
  });

  it('is stable across a JSON round trip and parses back to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const s = canonicalJson(v);
        expect(canonicalJson(JSON.parse(JSON.stringify(v)))).toBe(s);
        expect(JSON.parse(s)).toEqual(JSON.parse(JSON.stringify(v)));
      }),
    );
  });
});

describe('auditHash', () => {
  const content = {
    aggregateType: 'person',
    aggregateId: '7',
    seq: 1,
    actor: 'ou_x',
    action: 'role.granted',
    data: { role: 'filer', scope: 'asset' },
    at: new Date('2024-01-01T00:00:00.000Z'),
  };

  it('is sha256 hex and depends on prev hash and every field', () => {
    const h = auditHash(GENESIS_HASH, content);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(auditHash(GENESIS_HASH, { ...content, data: { scope: 'asset', role: 'filer' } })).toBe(h);
    expect(auditHash('1'.repeat(64), content)).not.toBe(h);
    expect(auditHash(GENESIS_HASH, { ...content, seq: 2 })).not.toBe(h);
    expect(auditHash(GENESIS_HASH, { ...content, at: new Date(content.at.getTime() + 1) })).not.toBe(h);
  });

  it('is keyed: another key, or a plain sha256 of the same text, gives another hash', () => {
    const h = auditHash(GENESIS_HASH, content);
    expect(auditHash(GENESIS_HASH, content, Buffer.from(DEV_AUDIT_KEY))).toBe(h); // the default key
    expect(auditHash(GENESIS_HASH, content, Buffer.from('another key of at least 32 chars!!'))).not.toBe(h);
    const body = canonicalJson({ ...content, at: content.at.toISOString() });
    expect(createHash('sha256').update(`${GENESIS_HASH}\n${body}`).digest('hex')).not.toBe(h);
  });
});
