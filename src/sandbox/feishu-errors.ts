/**
 * The error answers of the Open Platform, codes and HTTP statuses as documented
 * (https://open.feishu.cn/document/server-docs/im-v1/message/create, "错误码").
 * Handlers throw an ApiError; the router turns it into the HTTP answer.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    readonly msg: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(`${code}: ${msg}`);
  }

  body(): { code: number; msg: string; error: { log_id: string } } {
    return { code: this.code, msg: this.msg, error: { log_id: `sandbox-${Date.now().toString(36)}` } };
  }
}

export const Codes = {
  rateLimited: 99991400,
  tokenMissing: 99991661,
  tokenInvalid: 99991663,
  appSecretInvalid: 10014,
  invalidParam: 230001,
  botNotInChat: 230002,
  noAvailability: 230013,
  contentTooLong: 230025,
  editWindowPassed: 230031,
  cardInvalid: 230099,
} as const;

/** 230001 carries the detail after `ext=`, as Feishu does; bots log it, tests read it. */
export function invalidParam(ext: string): ApiError {
  return new ApiError(
    400,
    Codes.invalidParam,
    `Your request contains an invalid request parameter, ext=${ext}`,
  );
}

export function rateLimited(resetSeconds: number): ApiError {
  return new ApiError(429, Codes.rateLimited, 'request trigger frequency limit', {
    'x-ogw-ratelimit-reset': String(resetSeconds),
  });
}

export function tokenMissing(): ApiError {
  return new ApiError(
    400,
    Codes.tokenMissing,
    'Missing access token for authorization. Please make a request with token attached.',
  );
}

export function tokenInvalid(): ApiError {
  return new ApiError(
    400,
    Codes.tokenInvalid,
    'Invalid access token for authorization. Please make a request with token attached.',
  );
}

export function noAvailability(): ApiError {
  return new ApiError(400, Codes.noAvailability, 'Bot has NO availability to this user.');
}

export function botNotInChat(): ApiError {
  return new ApiError(400, Codes.botNotInChat, 'The bot can not be outside the group.');
}

export function contentTooLong(bytes: number, max: number): ApiError {
  return new ApiError(
    400,
    Codes.contentTooLong,
    `The length of the message content reaches its limit, ext=${bytes} bytes > ${max} bytes`,
  );
}

export function cardInvalid(problems: string[]): ApiError {
  return new ApiError(
    400,
    Codes.cardInvalid,
    `Failed to create card content, ext=ErrMsg: ${problems.slice(0, 5).join('; ')}`,
  );
}

export function editWindowPassed(): ApiError {
  return new ApiError(
    400,
    Codes.editWindowPassed,
    'Message can only be modified within 14 days after sending.',
  );
}
