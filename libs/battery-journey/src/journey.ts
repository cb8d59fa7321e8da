import type {
  AttachPassportSource,
  AttachPassportSourceBody,
  CreateSite,
  CreateSiteBody,
  DiagnoseBattery,
  DiagnoseBatteryBody,
  EvaluateBattery,
  EvaluateBatteryBody,
  HandOverForRecycling,
  HandOverForRecyclingBody,
  IssueReuseCertificate,
  IssueReuseCertificateBody,
  LifecycleCommand,
  ReceiveBattery,
  ReceiveBatteryBody,
  RecordRecyclingOutcome,
  RecordRecyclingOutcomeBody,
  RecordSecondLife,
  RecordSecondLifeBody,
  RegisterBattery,
  RegisterBatteryBody,
  RegisterOrganisation,
  RegisterOrganisationBody,
  ReleaseBatteryFromStorage,
  ReleaseBatteryFromStorageBody,
  RevokeReuseCertificate,
  StoreBattery,
  StoreBatteryBody,
  TransferBattery,
  TransferBatteryBody,
} from '#libs/lifecycle';
import {
  aCertificateRequest,
  aDiagnosis,
  aHandOver,
  anEvaluation,
  aReceipt,
  aRecyclingOutcome,
  aRegistration,
  aRelease,
  aSecondLife,
  aSite,
  aPassportSource,
  anOrganisation,
  aStorage,
  aTransfer,
} from './bodies.js';

/** A step of a battery's journey: a domain command, as the API builds it from a request. */
export type JourneyCommand = LifecycleCommand | CreateSite;

/**
 * The journey at command level: each builder makes the domain command with the body's defaults
 * (see bodies.ts). Run them through the deciders (JourneyDecider) or over HTTP (httpCommand).
 */
export const journey = {
  registerOrganisation: (body: Partial<RegisterOrganisationBody> = {}): RegisterOrganisation => ({
    type: 'RegisterOrganisation',
    ...anOrganisation(body),
  }),
  createSite: (body: Partial<CreateSiteBody> = {}): CreateSite => ({ type: 'CreateSite', ...aSite(body) }),
  register: (body: Partial<RegisterBatteryBody> = {}): RegisterBattery => ({ type: 'RegisterBattery', ...aRegistration(body) }),
  receive: (batteryId: string, siteId: string, body: Partial<ReceiveBatteryBody> = {}): ReceiveBattery => ({
    type: 'ReceiveBattery',
    batteryId,
    ...aReceipt(siteId, body),
  }),
  evaluate: (batteryId: string, body: Partial<EvaluateBatteryBody> = {}): EvaluateBattery => ({
    type: 'EvaluateBattery',
    batteryId,
    ...anEvaluation(body),
  }),
  store: (batteryId: string, siteId: string, zone: string, slot: string, body: Partial<StoreBatteryBody> = {}): StoreBattery => ({
    type: 'StoreBattery',
    batteryId,
    ...aStorage(siteId, zone, slot, body),
  }),
  release: (batteryId: string, body: Partial<ReleaseBatteryFromStorageBody> = {}): ReleaseBatteryFromStorage => ({
    type: 'ReleaseBatteryFromStorage',
    batteryId,
    ...aRelease(body),
  }),
  diagnose: (batteryId: string, body: Partial<DiagnoseBatteryBody> = {}): DiagnoseBattery => ({
    type: 'DiagnoseBattery',
    batteryId,
    ...aDiagnosis(body),
  }),
  /** The API makes the certificate id up; a journey run through the deciders names one. */
  certify: (
    batteryId: string,
    body: Partial<IssueReuseCertificateBody> = {},
    certificateId = `CERT-${batteryId}`,
  ): IssueReuseCertificate => ({
    type: 'IssueReuseCertificate',
    batteryId,
    certificateId,
    ...aCertificateRequest(body),
  }),
  revoke: (batteryId: string, certificateId: string, reason = 'cell swelling found'): RevokeReuseCertificate => ({
    type: 'RevokeReuseCertificate',
    batteryId,
    certificateId,
    reason,
  }),
  secondLife: (batteryId: string, body: Partial<RecordSecondLifeBody> = {}): RecordSecondLife => ({
    type: 'RecordSecondLife',
    batteryId,
    ...aSecondLife(body),
  }),
  handOver: (batteryId: string, body: Partial<HandOverForRecyclingBody> = {}): HandOverForRecycling => ({
    type: 'HandOverForRecycling',
    batteryId,
    ...aHandOver(body),
  }),
  attachPassportSource: (
    batteryId: string,
    document: AttachPassportSourceBody['document'],
    body: Partial<AttachPassportSourceBody> = {},
  ): AttachPassportSource => ({
    type: 'AttachPassportSource',
    batteryId,
    ...aPassportSource(document, body),
  }),
  recyclingOutcome: (batteryId: string, body: Partial<RecordRecyclingOutcomeBody> = {}): RecordRecyclingOutcome => ({
    type: 'RecordRecyclingOutcome',
    batteryId,
    ...aRecyclingOutcome(body),
  }),
  transfer: (batteryId: string, body: Partial<TransferBatteryBody> = {}): TransferBattery => ({
    type: 'TransferBattery',
    batteryId,
    ...aTransfer(body),
  }),
};
