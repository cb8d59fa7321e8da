import { validateImport, type ImportBattery } from '#libs/lifecycle';
import { requireAddressedTo, verifyBundle } from '#libs/transfers';
import { declareCommand, writes } from '../commands/command-declaration.js';
import { BATTERY } from '../lifecycle/aggregates.js';
import { onBattery } from '../batteries/battery-commands.js';
import { ImportBundleDto } from './transfer.dtos.js';

/**
 * POST /imports: the bundle is verified before anything is read (422 at its first failing part),
 * as nothing in it can be trusted until it is; a battery id already here is then 409. One event
 * (BatteryImported) is the whole write, so a refused import leaves nothing behind.
 */
export const IMPORT_BATTERY = declareCommand<ImportBattery>()({
  name: 'import',
  route: '',
  roles: ['operator'],
  body: ImportBundleDto,
  summary:
    'Verifies a cellpath-bundle/1 against the pinned trusted issuers and starts the battery here with BatteryImported: 201 {batteryId, revision, position}; 422 at the first failing part; 409 when the battery id exists here.',
  command: async (body, _params, sources) => {
    const verified = verifyBundle(body, await sources.trustedIssuers());
    return { type: 'ImportBattery', batteryId: verified.batteryId, bundle: requireAddressedTo(verified, sources.organisationId) };
  },
  validate: validateImport,
  streams: { battery: writes(BATTERY, (command) => command.batteryId) },
  decide: onBattery,
  respond: ({ command }) => ({ batteryId: command.batteryId }),
});
