/** Shapes shared by the sandbox's parts and its callers (tests, benchmarks, the chat CLI). */

/** Feishu's published limits; every one can be overridden for a test. */
export interface SandboxLimits {
  /** Requests per API (method + route) per app in any 1 s window. */
  apiPerSecond: number;
  /** Requests per API per app in any 60 s window. */
  apiPerMinute: number;
  /** Messages created or replied to one user or one chat in any 1 s window. */
  receiverPerSecond: number;
  /** PATCHes of one message in any 1 s window. */
  patchPerMessagePerSecond: number;
  /** Largest interactive/post `content`, in UTF-8 bytes. */
  cardMaxBytes: number;
  /** Largest text `content`, in UTF-8 bytes. */
  textMaxBytes: number;
  /** A message may be patched this long after it was sent. */
  patchWindowMs: number;
  /** A `uuid` dedupes sends for this long. */
  uuidTtlMs: number;
  /** Lifetime of a tenant_access_token, seconds. */
  tokenTtlSeconds: number;
  /** Lifetime and use count of the delayed-update token handed out with a card callback. */
  cardTokenTtlMs: number;
  cardTokenUses: number;
  /** The bot must answer an event or card callback within this. */
  deliveryTimeoutMs: number;
}

export const FEISHU_LIMITS: SandboxLimits = {
  apiPerSecond: 50,
  apiPerMinute: 1000,
  receiverPerSecond: 5,
  patchPerMessagePerSecond: 5,
  cardMaxBytes: 30 * 1024,
  textMaxBytes: 150 * 1024,
  patchWindowMs: 14 * 24 * 3600_000,
  uuidTtlMs: 3600_000,
  tokenTtlSeconds: 7200,
  cardTokenTtlMs: 30 * 60_000,
  cardTokenUses: 2,
  deliveryTimeoutMs: 3000,
};

/** pino-compatible subset, so a pino logger can be passed straight in. */
export interface SandboxLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface SandboxUser {
  openId: string;
  name: string;
  userId: string;
  unionId: string;
  email?: string;
  /**
   * What Feishu's profile card shows under a person's name (contact v3 `job_title`); the web chat's
   * person switcher shows it. The demo boot sets it from the org file's roles (sandbox-boot.ts).
   */
  jobTitle?: string;
  /** The directory departments (open_department_id) the user belongs to; none: the root only. */
  departmentIds?: string[];
  /** Removed from the directory (员工离职): no longer listed, and their events carry `old_object`. */
  deleted?: boolean;
}

/** A directory department (通讯录部门); `parentId` '0' is the root. */
export interface SandboxDepartment {
  openDepartmentId: string;
  departmentId: string;
  name: string;
  parentId: string;
  deleted?: boolean;
}

export interface SandboxChat {
  chatId: string;
  name: string;
  type: 'p2p' | 'group';
  members: string[];
  botIsMember: boolean;
}

/** One message as the sandbox keeps it. */
export interface StoredMessage {
  messageId: string;
  chatId: string;
  msgType: string;
  /** Every content the message has had, oldest first; the last one is what users see. */
  versions: unknown[];
  urgentFor: Set<string>;
  createdAt: number;
  updatedAt: number;
  sender: 'bot' | 'user';
  senderOpenId?: string;
  uuid?: string;
  parentId?: string;
}

/** A file message's upload as the Feishu client shows it: its name and size in bytes. */
export interface FileInfo {
  name: string;
  size: number;
}

/** A message as one user sees it (or, from `message()`, as anyone sees it). */
export interface MessageView {
  messageId: string;
  chatId: string;
  msgType: string;
  /** Parsed JSON; for a card, the current card after patches and callback answers. */
  content: unknown;
  versions: unknown[];
  urgent: boolean;
  urgentFor: string[];
  createdAt: number;
  sender: 'bot' | 'user';
  senderOpenId?: string;
  uuid?: string;
  parentId?: string;
  /** For a file message whose upload the sandbox keeps (the bot's or a person's). */
  file?: FileInfo;
}

export type DeliveryStatus = 'ok' | 'timeout' | 'error';

export interface DeliveryRecord {
  eventId: string;
  eventType: string;
  via: 'http' | 'ws';
  status: DeliveryStatus;
  httpStatus?: number;
  latencyMs: number;
  /** Parsed JSON the bot answered with (undefined when it did not answer). */
  answer: unknown;
  error?: string;
}

/** Lets a test send what an attacker or a broken gateway would. */
export interface TamperOptions {
  signature?: string;
  /** Unix seconds put in X-Lark-Request-Timestamp (and signed, unless `signature` is given). */
  timestamp?: number;
  eventId?: string;
}

export type SandboxErrorKind = 'unknown_route' | 'bad_request' | 'bad_card' | 'bad_answer' | 'delivery';

export interface SandboxError {
  kind: SandboxErrorKind;
  message: string;
  at: number;
  detail?: unknown;
}

export interface SandboxStats {
  requestsTotal: number;
  /** Keyed by API, e.g. `POST /open-apis/im/v1/messages`. */
  requests: Record<string, number>;
  /** Messages the bot actually created (sends and replies; uuid repeats excluded). */
  messages: number;
  /** HTTP 429 answers, in total and by API. */
  rateLimited: number;
  rateLimitedByApi: Record<string, number>;
  /** Sends answered with an earlier message because their uuid was seen within the hour. */
  uuidDeduplicated: number;
}

export interface ClickResult {
  toast?: unknown;
  card?: unknown;
  delivery: DeliveryRecord;
}
