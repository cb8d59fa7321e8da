import { isPassportFormat, PASSPORT_FORMATS, type PassportFormat } from '#libs/passport';
import { badRequest } from '../http/problem.js';

/** `?format=`: `cellpath` when absent, else one of the contract's formats (400 naming them otherwise). */
export function parseFormat(raw: unknown): PassportFormat {
  if (raw === undefined) return 'cellpath';
  if (isPassportFormat(raw)) return raw;
  throw badRequest(`format must be one of ${PASSPORT_FORMATS.join(', ')}`, [
    { field: 'format', message: `must be one of ${PASSPORT_FORMATS.join(', ')}` },
  ]);
}
