import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, headerValue } from '../../../src/sandbox/ws/frame';

describe('pbbp2.Frame codec', () => {
  it('always writes the required fields, even when zero (the SDK decoder insists on them)', () => {
    const bytes = encodeFrame({ SeqID: 0, LogID: 0, service: 0, method: 0, headers: [] });
    // field 1..4 varints with value 0: tags 0x08 0x10 0x18 0x20
    expect(Buffer.from(bytes).toString('hex')).toBe('0800100018002000');
  });

  it('round-trips headers, payload and 64-bit ids', () => {
    const payload = Buffer.from(JSON.stringify({ 你好: 1 }));
    const frame = decodeFrame(
      encodeFrame({
        SeqID: 2 ** 40 + 3,
        LogID: 7,
        service: 123456,
        method: 1,
        headers: [
          { key: 'type', value: 'event' },
          { key: 'sum', value: '1' },
        ],
        payload,
      }),
    );
    expect(frame).toMatchObject({ SeqID: 2 ** 40 + 3, LogID: 7, service: 123456, method: 1 });
    expect(headerValue(frame, 'type')).toBe('event');
    expect(headerValue(frame, 'missing')).toBeUndefined();
    expect(Buffer.from(frame.payload!).equals(payload)).toBe(true);
  });

  it('rejects garbage', () => {
    expect(() => decodeFrame(Buffer.from([0xff, 0xff, 0xff]))).toThrow();
  });
});
