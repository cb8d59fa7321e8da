import { certificateVerifyUrl } from '#libs/certificates';
import { bundledPassportSchemas } from '#libs/passport';
import {
  decideBattery,
  decideStorage,
  storageSiteId,
  validateCertificateIssue,
  validatePassportSource,
  validateDiagnosis,
  validateEvaluation,
  validateHandOver,
  validateReceipt,
  validateRecyclingOutcome,
  validateRegistration,
  validateRelease,
  validateRevocation,
  validateSecondLife,
  validateStorage,
  validateTransfer,
  type AttachPassportSource,
  type BatteryCommand,
  type BatteryState,
  type DiagnoseBattery,
  type EvaluateBattery,
  type HandOverForRecycling,
  type IssueReuseCertificate,
  type ReceiveBattery,
  type RecordRecyclingOutcome,
  type RecordSecondLife,
  type RegisterBattery,
  type ReleaseBatteryFromStorage,
  type RevokeReuseCertificate,
  type SiteState,
  type StorageCommand,
  type StoreBattery,
  type TransferBattery,
} from '#libs/lifecycle';
import { declareCommand, reads, writes, type CommandOutcome } from '../commands/command-declaration.js';
import { BATTERY, ORGANISATION, SITE } from '../lifecycle/aggregates.js';
import { HandOverForRecyclingDto, RecordRecyclingOutcomeDto, RecordSecondLifeDto } from './battery-end-of-life.dtos.js';
import {
  AttachPassportSourceDto,
  DiagnoseBatteryDto,
  EvaluateBatteryDto,
  ReceiveBatteryDto,
  ReleaseFromStorageDto,
  StoreBatteryDto,
} from './battery-step.dtos.js';
import { IssueReuseCertificateDto, RevokeCertificateDto } from './certificate-command.dtos.js';
import { RegisterBatteryDto } from './register-battery.dto.js';
import { TransferBatteryDto } from '../transfers/transfer.dtos.js';

/*
 * The lifecycle commands of the contract ("Batteries: commands"), one declaration each. Adding a
 * command is one entry here (and in the list at the end), its DTO and its decider in libs/lifecycle.
 */

/** The battery the path names, which must be registered (404 before If-Match and the rules). */
const theBattery = writes<{ batteryId: string }, BatteryState>(BATTERY, (command) => command.batteryId, { mustExist: true });

/** The 201 body of a battery command: the battery's status and, after an evaluation, its grade. */
function batteryResponse({
  command,
  after,
  events,
}: CommandOutcome<{ batteryId: string }, { battery: BatteryState }>): Record<string, unknown> {
  const evaluated = events.battery?.find((event) => event.type === 'BatteryEvaluated')?.data as { grade?: string } | undefined;
  return {
    batteryId: command.batteryId,
    ...(after.battery.registered ? { status: after.battery.status } : {}),
    ...(evaluated?.grade ? { grade: evaluated.grade } : {}),
  };
}

/** The organisation a command names in `field`, read (not written): it only has to be registered. */
const namedOrganisation = <Field extends string>(field: Field) =>
  reads(ORGANISATION, (command: { [Name in Field]?: string }) => command[field] ?? null);

/** Commands decided on the battery stream alone, given what else they read. */
export const onBattery = <Command extends BatteryCommand>(
  command: Command,
  { battery }: { battery: { state: BatteryState } },
  context: Parameters<typeof decideBattery>[2],
) => ({
  battery: decideBattery(command, battery.state, context),
});

export const REGISTER_BATTERY = declareCommand<RegisterBattery>()({
  name: 'register',
  route: '',
  roles: ['operator'],
  body: RegisterBatteryDto,
  command: (body) => ({ type: 'RegisterBattery', ...body }),
  validate: validateRegistration,
  streams: { battery: writes(BATTERY, (command) => command.batteryId), organisation: namedOrganisation('manufacturerOrganisationId') },
  decide: (command, { battery, organisation }, context) =>
    onBattery(command, { battery }, { ...context, organisation: organisation.state }),
  respond: batteryResponse,
});

export const RECEIVE_BATTERY = declareCommand<ReceiveBattery>()({
  name: 'receive',
  route: ':id/receipts',
  roles: ['operator'],
  body: ReceiveBatteryDto,
  command: (body, { id }) => ({ type: 'ReceiveBattery', batteryId: id!, ...body }),
  validate: validateReceipt,
  streams: { battery: theBattery, site: reads(SITE, (command: { siteId: string }) => command.siteId) },
  decide: (command, { battery, site }, context) => onBattery(command, { battery }, { ...context, site: site.state }),
  respond: batteryResponse,
});

export const EVALUATE_BATTERY = declareCommand<EvaluateBattery>()({
  name: 'evaluate',
  route: ':id/evaluations',
  roles: ['evaluator'],
  body: EvaluateBatteryDto,
  command: (body, { id }) => ({ type: 'EvaluateBattery', batteryId: id!, ...body }),
  validate: validateEvaluation,
  streams: { battery: theBattery },
  decide: onBattery,
  respond: batteryResponse,
});

/** Storing and releasing write the battery and the site stream together, expecting both revisions. */
const storage = <Command extends StorageCommand>(
  command: Command,
  { battery, site }: { battery: { state: BatteryState }; site: { state: SiteState } },
  context: { now: string },
) => {
  const { batteryEvents, siteEvents } = decideStorage(command, battery.state, site.state, context);
  return { battery: batteryEvents, site: siteEvents };
};
// The battery is declared first, so it is loaded when the site's id is asked for.
const storageSite = writes(SITE, (command: StorageCommand, loaded) => storageSiteId(command, loaded.battery!.state as BatteryState));

export const STORE_BATTERY = declareCommand<StoreBattery>()({
  name: 'store',
  route: ':id/storage',
  roles: ['operator'],
  body: StoreBatteryDto,
  command: (body, { id }) => ({ type: 'StoreBattery', batteryId: id!, ...body }),
  validate: validateStorage,
  streams: { battery: theBattery, site: storageSite },
  decide: storage,
  respond: batteryResponse,
});

export const RELEASE_BATTERY = declareCommand<ReleaseBatteryFromStorage>()({
  name: 'release',
  route: ':id/storage/release',
  roles: ['operator'],
  body: ReleaseFromStorageDto,
  command: (body, { id }) => ({ type: 'ReleaseBatteryFromStorage', batteryId: id!, ...body }),
  validate: validateRelease,
  streams: { battery: theBattery, site: storageSite },
  decide: storage,
  respond: batteryResponse,
});

export const DIAGNOSE_BATTERY = declareCommand<DiagnoseBattery>()({
  name: 'diagnose',
  route: ':id/diagnoses',
  roles: ['evaluator'],
  body: DiagnoseBatteryDto,
  command: (body, { id }) => ({ type: 'DiagnoseBattery', batteryId: id!, ...body }),
  validate: validateDiagnosis,
  streams: { battery: theBattery },
  decide: onBattery,
  respond: batteryResponse,
});

export const ISSUE_REUSE_CERTIFICATE = declareCommand<IssueReuseCertificate>()({
  name: 'certify',
  route: ':id/certificates',
  roles: ['certifier'],
  body: IssueReuseCertificateDto,
  command: (body, { id }, { newId }) => ({
    type: 'IssueReuseCertificate',
    batteryId: id!,
    certificateId: `CERT-${newId('certificate')}`,
    ...body,
  }),
  validate: validateCertificateIssue,
  streams: { battery: theBattery },
  decide: (command, { battery }, context) =>
    onBattery(command, { battery }, { ...context, signCertificate: context.certificateSigner(battery) }),
  respond: (outcome) => {
    const issued = outcome.events.battery!.find((event) => event.type === 'ReuseCertificateIssued')!.data as {
      certificateId: string;
      validUntil: string;
    };
    return {
      ...batteryResponse(outcome),
      certificateId: issued.certificateId,
      validUntil: issued.validUntil,
      verifyUrl: certificateVerifyUrl(outcome.config.publicBaseUrl, issued.certificateId),
    };
  },
});

export const RECORD_SECOND_LIFE = declareCommand<RecordSecondLife>()({
  name: 'secondLife',
  route: ':id/second-life',
  roles: ['operator'],
  body: RecordSecondLifeDto,
  command: (body, { id }) => ({ type: 'RecordSecondLife', batteryId: id!, ...body }),
  // A repurposed or remanufactured battery's successor is read, not written: it only has to be registered.
  validate: validateSecondLife,
  streams: {
    battery: theBattery,
    successor: reads(BATTERY, (command: { successorBatteryId?: string }) => command.successorBatteryId ?? null),
    organisation: namedOrganisation('operatorOrganisationId'),
  },
  decide: (command, { battery, successor, organisation }, context) =>
    onBattery(
      command,
      { battery },
      {
        ...context,
        organisation: organisation.state,
        ...(command.successorBatteryId === undefined ? {} : { successor: successor.state }),
      },
    ),
  respond: batteryResponse,
});

export const HAND_OVER_FOR_RECYCLING = declareCommand<HandOverForRecycling>()({
  name: 'handOver',
  route: ':id/recycling',
  roles: ['operator', 'recycler'],
  body: HandOverForRecyclingDto,
  command: (body, { id }) => ({ type: 'HandOverForRecycling', batteryId: id!, ...body }),
  validate: validateHandOver,
  streams: { battery: theBattery, organisation: namedOrganisation('recyclerOrganisationId') },
  decide: (command, { battery, organisation }, context) =>
    onBattery(command, { battery }, { ...context, organisation: organisation.state }),
  respond: batteryResponse,
});

export const RECORD_RECYCLING_OUTCOME = declareCommand<RecordRecyclingOutcome>()({
  name: 'recyclingOutcome',
  route: ':id/recycling/outcome',
  roles: ['recycler'],
  body: RecordRecyclingOutcomeDto,
  command: (body, { id }) => ({ type: 'RecordRecyclingOutcome', batteryId: id!, ...body }),
  validate: validateRecyclingOutcome,
  streams: { battery: theBattery },
  decide: onBattery,
  respond: batteryResponse,
});

export const TRANSFER_BATTERY = declareCommand<TransferBattery>()({
  name: 'transfer',
  route: ':id/transfers',
  roles: ['operator'],
  body: TransferBatteryDto,
  summary:
    'Transfers the battery to another organisation (not in a slot, not recycled): 201; afterwards every command on it is 409 battery-transferred, and GET /bundle carries its history to the receiver.',
  command: (body, { id }) => ({ type: 'TransferBattery', batteryId: id!, ...body }),
  validate: validateTransfer,
  streams: { battery: theBattery, organisation: namedOrganisation('toOrganisationId') },
  decide: (command, { battery, organisation }, context) =>
    onBattery(command, { battery }, { ...context, organisation: organisation.state }),
  respond: batteryResponse,
});

/** Schema errors with the body's `document.` prefix, so they name the field the client sent. */
const checkPassportSource = (format: AttachPassportSource['format'], document: unknown) =>
  bundledPassportSchemas().validate(format, document, ['document']);

export const ATTACH_PASSPORT_SOURCE = declareCommand<AttachPassportSource>()({
  name: 'attachPassportSource',
  route: ':id/passport-sources',
  roles: ['operator'],
  body: AttachPassportSourceDto,
  summary:
    "Attaches the manufacturer's passport (static data for the exports): 201 {batteryId, format, revision, position}; 400 with each schema error's path.",
  command: (body, { id }) => ({ type: 'AttachPassportSource', batteryId: id!, ...body }),
  validate: (command) => validatePassportSource(command, checkPassportSource),
  streams: { battery: theBattery },
  decide: (command, { battery }, context) => onBattery(command, { battery }, { ...context, checkPassportSource }),
  respond: ({ command }) => ({ batteryId: command.batteryId, format: command.format }),
});

/** Under /certificates: the battery is the one the certificate was issued to. */
export const REVOKE_REUSE_CERTIFICATE = declareCommand<RevokeReuseCertificate>()({
  name: 'revoke',
  route: ':certificateId/revocation',
  roles: ['certifier'],
  body: RevokeCertificateDto,
  summary:
    'Revokes an active certificate with a reason: 201 {certificateId, batteryId, status, revokedAt, revision, position}; 409 when not active.',
  command: async (body, { certificateId }, sources) => ({
    type: 'RevokeReuseCertificate',
    batteryId: await sources.batteryOfCertificate(certificateId!),
    certificateId: certificateId!,
    reason: body.reason,
  }),
  validate: validateRevocation,
  streams: { battery: theBattery },
  decide: onBattery,
  respond: ({ command, after }) => {
    const battery = after.battery;
    const revoked = battery.registered
      ? battery.certificates.find((certificate) => certificate.certificateId === command.certificateId)
      : undefined;
    return {
      certificateId: command.certificateId,
      batteryId: command.batteryId,
      status: 'revoked',
      revokedAt: revoked?.revocation?.revokedAt,
    };
  },
});

export const BATTERY_COMMANDS = [
  REGISTER_BATTERY,
  RECEIVE_BATTERY,
  EVALUATE_BATTERY,
  STORE_BATTERY,
  RELEASE_BATTERY,
  DIAGNOSE_BATTERY,
  ISSUE_REUSE_CERTIFICATE,
  RECORD_SECOND_LIFE,
  HAND_OVER_FOR_RECYCLING,
  RECORD_RECYCLING_OUTCOME,
  TRANSFER_BATTERY,
  ATTACH_PASSPORT_SOURCE,
];
export const CERTIFICATE_COMMANDS = [REVOKE_REUSE_CERTIFICATE];
