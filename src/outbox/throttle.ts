/**
 * How long a row waits after a refusal by a frequency limit that is not ours to pace: 230020 (the
 * receiver's 5 sends/s, which every bot in a group shares, so our own spacing cannot prevent it)
 * and 11232 (the message system under pressure, "at the hour and half hour"). The waits double from
 * 1 s to at most 60 s; after `THROTTLE_LIMIT` refusals of one row (four minutes of waits in all) the
 * row fails, visibly: the 发送失败 card offers it for a resend and the permanent-failure metric counts it.
 */
export const THROTTLE_LIMIT = 10;
const FIRST_WAIT_MS = 1000;
const LONGEST_WAIT_MS = 60_000;

/** The wait after the `n`th refusal (n >= 1) of one row. */
export function throttleWaitMs(n: number): number {
  return Math.min(LONGEST_WAIT_MS, FIRST_WAIT_MS * 2 ** Math.max(0, n - 1));
}
