import type {
  BatteryCommand,
  DiagnoseBattery,
  EvaluateBattery,
  HandOverForRecycling,
  IssueReuseCertificate,
  ReceiveBattery,
  AttachPassportSource,
  RecordRecyclingOutcome,
  RecordSecondLife,
  RegisterBattery,
  RevokeReuseCertificate,
} from './battery-commands.js';
import { batteryEvent, SECOND_LIFE_EVENT_TYPES, type BatteryEvent } from './battery-events.js';
import {
  requireDiagnosisAfterEvaluation,
  requireNotBeforeManufacture,
  requireNotHandedOver,
  requireNotInSlot,
  requireNotRecycled,
  requireReceived,
  requireRegistered,
} from './battery-guards.js';
import { initialBatteryState, type BatteryState, type RegisteredBattery } from './battery-state.js';
import * as validate from './battery-validation.js';
import type { DecisionContext } from './decision-context.js';
import { activeCertificate, assertCertifiable, isCertificateActive, reuseCertificateValidity } from './certificates.js';
import { CertificateNotFound, LifecycleRuleViolation } from './errors.js';
import { gradeBattery } from './grading.js';
import { thresholdsFor } from './grading-policy.js';
import { requireOrganisation } from './organisation-decider.js';
import { requireSite } from './site-decider.js';
import { initialSiteState } from './site-state.js';
import { requireInstant } from './time.js';
import { importBattery, requireNotTransferred, transfer } from './transfer-decider.js';
import { MATERIAL_FIELDS, type Materials } from './value-sets.js';

/**
 * Decides a command on one battery stream: validates it (InvalidCommand), looks up what it names
 * (ResourceNotFound), applies the lifecycle rules (LifecycleRuleViolation) and returns the events
 * to append at `state.revision`. Storage commands touch a site too: see `decideStorage`.
 */
export function decideBattery(command: BatteryCommand, state: BatteryState, context: DecisionContext): BatteryEvent[] {
  const now = requireInstant(context.now, 'context.now');
  requireNotTransferred(state);
  switch (command.type) {
    case 'RegisterBattery':
      return register(command, state, now, context);
    case 'ReceiveBattery':
      return receive(command, state, now, context);
    case 'EvaluateBattery':
      return evaluate(command, state, now, context);
    case 'DiagnoseBattery':
      return diagnose(command, state, now);
    case 'IssueReuseCertificate':
      return issueCertificate(command, state, now, context);
    case 'RevokeReuseCertificate':
      return revokeCertificate(command, state, now);
    case 'RecordSecondLife':
      return recordSecondLife(command, state, now, context);
    case 'HandOverForRecycling':
      return handOver(command, state, now, context);
    case 'RecordRecyclingOutcome':
      return recordRecyclingOutcome(command, state, now);
    case 'TransferBattery':
      return transfer(command, state, now, context);
    case 'ImportBattery':
      return importBattery(command, state, now);
    case 'AttachPassportSource':
      return attachPassportSource(command, state, now, context);
  }
}

function register(command: RegisterBattery, state: BatteryState, now: string, context: DecisionContext): BatteryEvent[] {
  const occurredAt = validate.validateRegistration(command, now);
  const manufacturerOrganisationId = namedOrganisation(command.manufacturerOrganisationId, context);
  if (state.registered) {
    throw new LifecycleRuleViolation('battery-already-registered', `battery ${command.batteryId} is already registered`);
  }
  const { batteryId, level, category, chemistry, manufacturer, model, manufacturingDate, massKg } = command;
  const { ratedCapacityAh, ratedEnergyKWh, nominalVoltageV, serialNumber, manufacturingPlace, parentBatteryId } = command;
  return [
    batteryEvent('BatteryRegistered', occurredAt, {
      batteryId,
      level,
      category,
      chemistry,
      manufacturer,
      model,
      manufacturingDate,
      massKg,
      ratedCapacityAh,
      ratedEnergyKWh,
      nominalVoltageV,
      serialNumber,
      manufacturingPlace,
      parentBatteryId,
      predecessorIds: [...(command.predecessorIds ?? [])],
      materials: pickMaterials(command.materials ?? {}),
      manufacturerOrganisationId,
    }),
  ];
}

function receive(command: ReceiveBattery, state: BatteryState, now: string, context: DecisionContext): BatteryEvent[] {
  const occurredAt = validate.validateReceipt(command, now);
  const battery = requireRegistered(state, command.batteryId);
  requireNotBeforeManufacture(battery, occurredAt);
  requireSite(context.site ?? initialSiteState, command.siteId);
  requireNotRecycled(battery);
  requireNotHandedOver(battery, 'be received');
  requireNotInSlot(battery, 'be received again');
  const { siteId, source, hazardClass, stateOfChargePct, notes } = command;
  return [batteryEvent('BatteryReceived', occurredAt, { siteId, source, hazardClass, stateOfChargePct, notes })];
}

function evaluate(command: EvaluateBattery, state: BatteryState, now: string, context: DecisionContext): BatteryEvent[] {
  const occurredAt = validate.validateEvaluation(command, now);
  const battery = requireRegistered(state, command.batteryId);
  requireNotBeforeManufacture(battery, occurredAt);
  requireNotRecycled(battery);
  requireNotHandedOver(battery, 'be evaluated');
  requireReceived(battery, 'be evaluated');
  const thresholds = thresholdsFor(context.gradingPolicy, battery.chemistry);
  const { grade, disqualifiers } = gradeBattery({ ...command, hazardClass: battery.hazardClass }, thresholds);
  const {
    method,
    stateOfHealthPct,
    remainingCapacityAh,
    visualInspection,
    remainingEnergyKWh,
    internalResistanceMOhm,
    selfDischargePctPerMonth,
    cellVoltageSpreadMV,
    insulationResistanceMOhm,
    numberOfFullCycles,
    negativeEvents,
  } = command;
  return [
    batteryEvent('BatteryEvaluated', occurredAt, {
      method,
      stateOfHealthPct,
      remainingCapacityAh,
      visualInspection,
      remainingEnergyKWh,
      internalResistanceMOhm,
      selfDischargePctPerMonth,
      cellVoltageSpreadMV,
      insulationResistanceMOhm,
      numberOfFullCycles,
      negativeEvents,
      grade,
      thresholds,
      disqualifiers,
    }),
  ];
}

function diagnose(command: DiagnoseBattery, state: BatteryState, now: string): BatteryEvent[] {
  const occurredAt = validate.validateDiagnosis(command, now);
  const battery = requireRegistered(state, command.batteryId);
  requireNotBeforeManufacture(battery, occurredAt);
  requireNotRecycled(battery);
  requireNotHandedOver(battery, 'be diagnosed');
  requireReceived(battery, 'be diagnosed');
  requireDiagnosisAfterEvaluation(battery, occurredAt);
  const tests = command.tests.map(({ name, result, value, unit }) => ({ name, result, value, unit }));
  return [batteryEvent('BatteryDiagnosed', occurredAt, { tests, verdict: command.verdict, standard: command.standard })];
}

function issueCertificate(command: IssueReuseCertificate, state: BatteryState, now: string, context: DecisionContext): BatteryEvent[] {
  validate.validateCertificateIssue(command, now);
  const battery = requireRegistered(state, command.batteryId);
  requireNotRecycled(battery);
  const evidence = assertCertifiable(battery, now);
  const { certificateId, applications, validMonths, standard } = command;
  if (battery.certificates.some((issued) => issued.certificateId === certificateId)) {
    throw new LifecycleRuleViolation('certificate-id-taken', `battery ${battery.batteryId} already has a certificate ${certificateId}`);
  }
  if (context.signCertificate === undefined) throw new Error('IssueReuseCertificate needs context.signCertificate');
  const { issuedAt, validUntil } = reuseCertificateValidity(now, validMonths);
  const { certificate, signature } = context.signCertificate(battery, { certificateId, applications, issuedAt, validUntil, ...evidence });
  return [
    batteryEvent('ReuseCertificateIssued', issuedAt, {
      certificateId,
      applications,
      issuedAt,
      validUntil,
      standard,
      certificate,
      signature,
    }),
  ];
}

function revokeCertificate(command: RevokeReuseCertificate, state: BatteryState, now: string): BatteryEvent[] {
  validate.validateRevocation(command, now);
  const battery = requireRegistered(state, command.batteryId);
  const certificate = battery.certificates.find((issued) => issued.certificateId === command.certificateId);
  if (certificate === undefined) throw new CertificateNotFound(command.certificateId);
  requireNotRecycled(battery);
  if (!isCertificateActive(certificate, now)) {
    const why =
      certificate.revocation !== null ? `was revoked at ${certificate.revocation.revokedAt}` : `expired at ${certificate.validUntil}`;
    throw new LifecycleRuleViolation(
      'certificate-not-active',
      `certificate ${certificate.certificateId} ${why}; only an active certificate can be revoked`,
    );
  }
  return [revocation(certificate.certificateId, command.reason, now)];
}

function recordSecondLife(command: RecordSecondLife, state: BatteryState, now: string, context: DecisionContext): BatteryEvent[] {
  const occurredAt = validate.validateSecondLife(command, now);
  const battery = requireRegistered(state, command.batteryId);
  requireNotBeforeManufacture(battery, occurredAt);
  const { kind, application, operatorName } = command;
  const operatorOrganisationId = namedOrganisation(command.operatorOrganisationId, context);
  const successor = kind === 're-used' ? null : registeredSuccessor(command, context);
  requireNotRecycled(battery);
  requireNotHandedOver(battery, 'go to a second life');
  requireNotInSlot(battery, 'go to a second life');
  if (battery.status === 'repurposed' || battery.status === 'remanufactured') {
    throw new LifecycleRuleViolation(
      'battery-superseded',
      `battery ${battery.batteryId} was already ${battery.status} into ${battery.successorIds.join(', ')}; ` +
        'record further use on the successor',
    );
  }
  const certificate = activeCertificate(battery, now);
  if (certificate === null || !certificate.applications.includes(application)) {
    throw new LifecycleRuleViolation(
      'second-life-needs-certificate-for-application',
      certificate === null
        ? `battery ${battery.batteryId} has no active reuse certificate`
        : `active certificate ${certificate.certificateId} of battery ${battery.batteryId} does not permit ` +
            `application ${application} (permits ${certificate.applications.join(', ')})`,
    );
  }
  const data = { application, operatorName, operatorOrganisationId, certificateId: certificate.certificateId };
  if (successor === null) return [batteryEvent('BatteryReused', occurredAt, data)];
  if (!successor.predecessorIds.includes(battery.batteryId)) {
    throw new LifecycleRuleViolation(
      'successor-must-name-predecessor',
      `successor battery ${successor.batteryId} does not name ${battery.batteryId} among its predecessorIds`,
    );
  }
  return [batteryEvent(SECOND_LIFE_EVENT_TYPES[kind], occurredAt, { ...data, successorBatteryId: successor.batteryId })];
}

/** Repurposed and remanufactured batteries live on under a new, already registered identity. */
function registeredSuccessor(command: RecordSecondLife, context: DecisionContext): RegisteredBattery {
  const successorBatteryId = command.successorBatteryId;
  if (successorBatteryId === undefined) throw new Error('validateSecondLife lets no repurpose without a successor through');
  return requireRegistered(context.successor ?? initialBatteryState, successorBatteryId);
}

function handOver(command: HandOverForRecycling, state: BatteryState, now: string, context: DecisionContext): BatteryEvent[] {
  const occurredAt = validate.validateHandOver(command, now);
  const battery = requireRegistered(state, command.batteryId);
  requireNotBeforeManufacture(battery, occurredAt);
  const recyclerOrganisationId = namedOrganisation(command.recyclerOrganisationId, context);
  requireNotRecycled(battery);
  requireNotHandedOver(battery, 'be handed over again');
  requireNotInSlot(battery, 'be handed over for recycling');
  const events: BatteryEvent[] = [
    batteryEvent('BatteryHandedOverForRecycling', occurredAt, {
      recycler: command.recycler,
      recyclerOrganisationId,
      reason: command.reason,
    }),
  ];
  const certificate = activeCertificate(battery, now);
  if (certificate !== null) events.push(revocation(certificate.certificateId, 'handed over for recycling', now));
  return events;
}

function recordRecyclingOutcome(command: RecordRecyclingOutcome, state: BatteryState, now: string): BatteryEvent[] {
  const occurredAt = validate.validateRecyclingOutcome(command, now);
  const battery = requireRegistered(state, command.batteryId);
  requireNotBeforeManufacture(battery, occurredAt);
  requireNotRecycled(battery);
  if (battery.handOver === null) {
    throw new LifecycleRuleViolation('recycling-needs-hand-over', `battery ${battery.batteryId} has not been handed over for recycling`);
  }
  const { process, inputMassKg, recovered, blackMassKg } = command;
  return [batteryEvent('BatteryRecycled', occurredAt, { process, inputMassKg, recovered: pickMaterials(recovered), blackMassKg })];
}

/** A later source of the same format replaces the earlier one; the passport ceases at recycling, so none is taken then. */
function attachPassportSource(command: AttachPassportSource, state: BatteryState, now: string, context: DecisionContext): BatteryEvent[] {
  if (context.checkPassportSource === undefined) throw new Error('AttachPassportSource needs context.checkPassportSource');
  validate.validatePassportSource(command, context.checkPassportSource);
  const battery = requireRegistered(state, command.batteryId);
  requireNotRecycled(battery);
  return [batteryEvent('PassportSourceAttached', now, { format: command.format, document: command.document })];
}

/** An organisation the command names must be registered (404, a lookup: before the rules). */
function namedOrganisation(organisationId: string | undefined, context: DecisionContext): string | undefined {
  return organisationId === undefined ? undefined : requireOrganisation(context.organisation, organisationId).organisationId;
}

/** Revocation is recorded when the system learns of it, so it is never backdated. */
function revocation(certificateId: string, reason: string, now: string): BatteryEvent {
  return batteryEvent('ReuseCertificateRevoked', now, { certificateId, reason, revokedAt: now });
}

/** Only the known elements: a command object may carry more than its type says. */
function pickMaterials(materials: Materials): Materials {
  const picked: Materials = {};
  for (const key of MATERIAL_FIELDS) if (materials[key] !== undefined) picked[key] = materials[key];
  return picked;
}
