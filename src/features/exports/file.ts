/**
 * One export as a file: the sheet of its kind, written from one READ ONLY REPEATABLE READ snapshot
 * into `outPath`, the sha256 computed on the bytes as they are written. The benchmark calls this too.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Db, rawSql } from '../../db/client';
import type { Actor } from '../../domain/actor';
import { shanghaiDate } from '../../domain/business-date';
import { createXlsxWriter } from '../../xlsx';
import { authorizeExport, type ExportScope } from './access';
import { type ExportKind, type ExportParams, KIND_TITLES } from './kinds';
import { auditTrailSheet } from './sheets/audit-trail';
import type { SheetRun, SheetTotals } from './sheets/common';
import { rectificationsSheet } from './sheets/rectifications';
import { savingsSheet } from './sheets/savings';
import { scoreLedgerSheet } from './sheets/score-ledger';
import { scoresSheet } from './sheets/scores';
import { settlementsSheet } from './sheets/settlements';
import { spotChecksSheet } from './sheets/spot-checks';
import { surveysSheet } from './sheets/surveys';

export type BuiltFile = { rows: number; bytes: number; sha256: string; fileName: string };

function runSheet(run: SheetRun<ExportScope>): Promise<SheetTotals> {
  const s = run.scope;
  const as = <T>(scope: T): SheetRun<T> => ({ ...run, scope });
  switch (s.kind) {
    case 'scores':
      return withSurveys(
        run,
        s.contractId === null ? scoreLedgerSheet(as(s)) : scoresSheet(as({ contractId: s.contractId })),
        s.contractId === null ? s : { contractId: s.contractId },
      );
    case 'settlements':
      return settlementsSheet(as(s));
    case 'audit_trail':
      return auditTrailSheet(as(s));
    case 'savings':
      return savingsSheet(as(s));
    case 'spot_checks':
      return spotChecksSheet(as(s));
    case 'rectifications':
      return rectificationsSheet(as(s));
  }
}

/** A score export's 满意度测评 sheet after its scores (only when a round is in scope). */
async function withSurveys(
  run: SheetRun<ExportScope>,
  scores: Promise<SheetTotals>,
  scope: Parameters<typeof surveysSheet>[0]['scope'],
): Promise<SheetTotals> {
  const totals = await scores;
  const rounds = await surveysSheet({ ...run, scope });
  return { ...totals, rows: totals.rows + rounds };
}

/** Characters a file name may not hold on the desktops people open it on. */
const safe = (s: string) => s.replace(/[\\/:*?"<>|\s]+/g, '_');

/**
 * Builds the sheet `kind` with `params` for `actor` (whose grants the caller loaded now) into
 * `outPath`, as of `now` (default: the current time). Refuses with a DomainError as the click would;
 * `rows` counts data rows only (0: nothing to export).
 */
export async function buildExportFile(
  db: Db,
  actor: Actor | undefined,
  file: { kind: ExportKind; params: ExportParams; outPath: string; now?: Date },
): Promise<BuiltFile> {
  const { kind, params, outPath, now = new Date() } = file;
  return db.transaction(
    async (tx) => {
      const scope = await authorizeExport(tx, actor, kind, params);
      const hash = createHash('sha256');
      let bytes = 0;
      const tap = new Transform({
        transform(chunk: Buffer, _enc, done) {
          hash.update(chunk);
          bytes += chunk.length;
          done(null, chunk);
        },
      });
      const written = pipeline(tap, createWriteStream(outPath));
      // A failed file stream must not leave the writer waiting on a stream nobody drains.
      written.catch(() => tap.destroy());
      const writer = createXlsxWriter(tap);
      let totals: SheetTotals;
      try {
        totals = await runSheet({ tx, sql: rawSql(tx), scope, writer, today: shanghaiDate(now) });
        await writer.finish();
      } catch (e) {
        tap.destroy();
        await written.catch(() => {});
        throw e;
      }
      await written;
      const fileName = `${KIND_TITLES[kind]}-${safe(totals.label)}-${shanghaiDate(now)}.xlsx`;
      return { rows: totals.rows, bytes, sha256: hash.digest('hex'), fileName };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}
