import pino, { type Logger } from 'pino';

/** Headers that carry credentials, wherever a logged object would hold them. */
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key'];

/** What a logged secret is replaced with. */
export const REDACTED = '[redacted]';

/** Secrets never reach the log: credential headers are redacted at the source. */
export function createLogger(level: string, options: { service?: string; destination?: pino.DestinationStream } = {}): Logger {
  const { service = 'cellpath-api', destination } = options;
  const paths = CREDENTIAL_HEADERS.flatMap((name) => [
    `req.headers["${name}"]`,
    `res.headers["${name}"]`,
    `headers["${name}"]`,
    `*["${name}"]`,
  ]);
  return pino(
    {
      level,
      base: { service },
      redact: { paths, censor: REDACTED },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
