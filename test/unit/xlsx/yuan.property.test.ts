import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readXlsx } from '../../../src/xlsx/index';
import { unzip } from './unzip';
import { writeBook } from './write';

// Up to 10^12 yuan (MAX_AMOUNT_FEN), both signs; small amounts get their own arbitrary so 0.0x is common.
const fen = fc.oneof(
  fc.bigInt({ min: -(10n ** 14n), max: 10n ** 14n }),
  fc.bigInt({ min: -999n, max: 999n }),
);

/** The exact yuan text, by bigint division (independent of the writer's digit slicing). */
const yuanText = (f: bigint) => {
  const abs = f < 0n ? -f : f;
  return `${f < 0n ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
};

describe('yuan cells', () => {
  it('hold the exact decimal of the fen in the XML, and read back as the nearest double', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fen, { minLength: 1, maxLength: 200 }), async (fens) => {
        // Numbers, bigints and integer strings (what postgres.js gives for bigint) are all fen.
        const values = fens.map((f, i) => (i % 3 === 0 ? f : i % 3 === 1 ? f.toString() : Number(f)));
        const file = await writeBook([
          {
            spec: { name: '金额', columns: [{ header: '金额', type: 'yuan' }] },
            rows: values.map((v) => [v]),
          },
        ]);
        const xml = unzip(file).find((p) => p.name === 'xl/worksheets/sheet1.xml')!.text;
        const written = [...xml.matchAll(/<v>([^<]*)<\/v>/g)].map((m) => m[1]);
        expect(written).toEqual(fens.map(yuanText));
        const [sheet] = await readXlsx(file);
        expect(sheet!.rows.slice(1).map((r) => r[0])).toEqual(
          fens.map((f) => Number((Number(f) / 100).toFixed(2))),
        );
      }),
      { numRuns: 25 },
    );
  });
});
