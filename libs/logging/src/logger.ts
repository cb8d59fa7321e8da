import pino, { type Logger } from 'pino';

/** Secrets never reach the log: the Authorization header is redacted at the source. */
export function createLogger(level: string, options: { service?: string; destination?: pino.DestinationStream } = {}): Logger {
  const { service = 'cellpath-api', destination } = options;
  return pino({
    level,
    base: { service },
    redact: { paths: ['req.headers.authorization', 'headers.authorization', '*.authorization'], censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  }, destination);
}
