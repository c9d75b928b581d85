import type { Db, Tx } from '../db/client';
import type { ChatInfo } from '../db/sql/chats';
import type { Actor } from '../domain/actor';
import type { DownloadedFile } from '../feishu/client';
import type { Logger } from '../log';
import type { Metrics } from '../metrics/metrics';
import type { OutboxWriter } from '../outbox/write';
import type { BotEvent } from './normalize';

export type Toast = { type: 'info' | 'success' | 'error' | 'warning'; content: string };
/** What a card callback answers with: a toast, the card to put in place of the clicked one, or both. */
export type CallbackAnswer = { toast?: Toast; card?: { type: 'raw'; data: object } };

export interface BotDeps {
  db: Db;
  logger: Logger;
  enqueueOutbox(ids: string[]): Promise<void>;
  /** Queues the fan-out of decided approval stages (cards, filer, next stage) after commit. */
  enqueueFanout(stageIds: number[]): Promise<void>;
  /** Queues the build of committed exports (导出); one lost is picked up by the exports sweep. */
  enqueueExports(exportIds: string[]): Promise<void>;
  /**
   * Downloads an image a user sent the bot (GET .../messages/:message_id/resources/:file_key); only the
   * photo-evidence click uses it, so tests and tools that never attach photos may leave it out.
   */
  downloadImage?(messageId: string, fileKey: string): Promise<Buffer>;
  /**
   * Downloads a file a user sent the bot (type=file), refusing past `maxBytes` before reading the body
   * (the chat imports); left out where no file is ever imported.
   */
  downloadFile?(messageId: string, fileKey: string, maxBytes: number): Promise<DownloadedFile>;
  /** Uploads a file for a file message (POST im/v1/files): the 导入模板. Its file_key. */
  uploadFile?(fileName: string, bytes: Buffer): Promise<string>;
  now(): Date;
  /**
   * The bot's own open_id (FEISHU_BOT_OPEN_ID). When set, a group message is answered only when it
   * @mentions this id; unset, any @mention counts (the ordinary scope delivers only those to the bot).
   */
  botOpenId?: string;
  /** This app's Prometheus metrics (metrics/metrics.ts); tools that serve no /metrics leave it out. */
  metrics?: Metrics;
  /** The audit anchor file (AUDIT_ANCHOR_FILE) the board's 审计核验 checks the trail against. */
  audit?: { anchorFile: string };
}

/** What every handler gets: the event, the person behind it (if the organisation knows them), deps. */
export interface BaseContext<E extends BotEvent = BotEvent> {
  event: E;
  /** The person behind the event with their live grants; undefined when the org does not know them. */
  actor: Actor | undefined;
  deps: BotDeps;
  log: Logger;
}

/** A handler that may change state: it runs in the event's transaction, with the claim of its id. */
export interface WriteContext<E extends BotEvent = BotEvent> extends BaseContext<E> {
  tx: Tx;
  out: OutboxWriter;
  /** The chat a card click came from, as the dispatcher read it with the claim (absent for other events). */
  chat?: ChatInfo;
  /**
   * Work to hand off once the transaction has committed (and never if it rolls back), such as
   * queueing a job that reads what the transaction wrote. Failures are logged: a sweep redoes it.
   */
  afterCommit(task: () => Promise<void>): void;
  /**
   * A statement the handler has sent and need not see answered (it reads nothing from it): the
   * dispatcher awaits it together with COMMIT, sent right behind it; if it fails, nothing commits.
   */
  beforeCommit(p: Promise<unknown>): void;
}

/** The handler of an inbound event other than a card click (those go through the action table). */
export type EventHandler<E extends BotEvent = BotEvent> = (
  ctx: WriteContext<E>,
) => Promise<CallbackAnswer | undefined>;

export const raw = (data: object) => ({ type: 'raw' as const, data });
