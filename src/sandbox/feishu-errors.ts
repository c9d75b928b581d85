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
  chatRateLimited: 230020,
  systemRateLimited: 11232,
  scopeMissing: 99991672,
} as const;

/**
 * The sub-codes a 230099 names after `ext=ErrCode:` (发送消息, "230099 子错误码"): the answer's `code`
 * stays 230099, the sub-code is in the message.
 */
export const CardSubCodes = {
  /** "ErrMsg: element exceeds the limit": a JSON 2.0 card over 200 components or elements. */
  elementsExceeded: 11310,
  /** "There is an invalid user resource(at/person) in your card": an id the app cannot see. */
  invalidUser: 100290,
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

/** 230099 / 11310, worded as the sub-code table words it. */
export function cardElementsExceeded(): ApiError {
  return new ApiError(
    400,
    Codes.cardInvalid,
    `Failed to create card content, ext=ErrCode: ${CardSubCodes.elementsExceeded}; ErrMsg: element exceeds the limit; code:230099`,
  );
}

/** 230099 / 100290, worded as the sub-code table words it, with the id it could not resolve. */
export function cardInvalidUser(id: string): ApiError {
  return new ApiError(
    400,
    Codes.cardInvalid,
    `Failed to create card content, ext=ErrCode: ${CardSubCodes.invalidUser}; ErrMsg: There is an invalid user resource(at/person) in your card; ErrorValue: ${id}`,
  );
}

export function editWindowPassed(): ApiError {
  return new ApiError(
    400,
    Codes.editWindowPassed,
    'Message can only be modified within 14 days after sending.',
  );
}

/** 230020: the receiver's (a chat's, or a user's) 5 sends per second, shared by every bot in a group. */
export function chatRateLimited(): ApiError {
  return new ApiError(400, Codes.chatRateLimited, 'This operation triggers the frequency limit.');
}

/** 11232: the message system's own limit, met under pressure ("at the hour and half hour"). */
export function systemRateLimited(): ApiError {
  return new ApiError(400, Codes.systemRateLimited, 'create message service trigger rate limit');
}

/** 99991672, worded as Feishu words it: the scopes of which any one would do, then the Chinese hint. */
export function scopeMissing(scopes: string[]): ApiError {
  const list = `[${scopes.join(', ')}]`;
  return new ApiError(
    400,
    Codes.scopeMissing,
    `Access denied. One of the following scopes is required: ${list}.应用尚未开通所需的应用身份权限：${list}`,
  );
}

/** The answer for a code a test asks the sandbox to refuse with (faults.ts): documented wording where known. */
export function errorFor(code: number): ApiError {
  switch (code) {
    case Codes.rateLimited:
      return rateLimited(1);
    case Codes.chatRateLimited:
      return chatRateLimited();
    case Codes.systemRateLimited:
      return systemRateLimited();
    case Codes.botNotInChat:
      return botNotInChat();
    case Codes.noAvailability:
      return noAvailability();
    case Codes.cardInvalid:
      return cardInvalid(['injected by the test']);
    case CardSubCodes.elementsExceeded:
      return cardElementsExceeded();
    case CardSubCodes.invalidUser:
      return cardInvalidUser('ou_injected_by_the_test');
    case Codes.scopeMissing:
      return scopeMissing(['im:message:send_as_bot']);
    default:
      return new ApiError(400, code, `error ${code} (injected by the test)`);
  }
}
