export { createLogger, REDACTED } from './logger.js';
