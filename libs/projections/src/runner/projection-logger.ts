/** The part of a pino logger the runner uses; silent by default. */
export interface ProjectionLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export const SILENT_LOGGER: ProjectionLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
