import pino from 'pino';

export type Logger = pino.Logger;

/** Structured JSON logs; callers add event_id, job_id and person with `logger.child`. */
export function createLogger(level = 'info', destination?: pino.DestinationStream): Logger {
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, destination);
}
