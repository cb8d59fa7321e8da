import type { RegisterOrganisation } from '#libs/lifecycle';
import type { JourneyCommand } from './journey.js';

/** The contract's roles that send commands. */
export type CommandRole = 'operator' | 'evaluator' | 'certifier' | 'recycler';

/** A command as a client sends it: `POST <path>` with a key of `role` and this JSON body. */
export interface HttpCommand {
  path: string;
  role: CommandRole;
  body: Record<string, unknown>;
}

const battery = (batteryId: string, step: string) => `/api/v1/batteries/${batteryId}/${step}`;

/**
 * The one HTTP adapter of a journey (shared/api.md "Batteries: commands" and "Sites"): the route,
 * a role allowed to send it, and the body without the ids the path carries. e2e, soak, seed and
 * bench all send their commands through it.
 */
export function httpCommand(command: JourneyCommand): HttpCommand {
  switch (command.type) {
    case 'CreateSite': {
      const { type: _, ...body } = command;
      return { path: '/api/v1/sites', role: 'operator', body };
    }
    case 'RegisterBattery': {
      const { type: _, ...body } = command;
      return { path: '/api/v1/batteries', role: 'operator', body };
    }
    case 'IssueReuseCertificate': {
      // The server names the certificate: the id a decider run uses is not sent.
      const { type: _, batteryId, certificateId: __, ...body } = command;
      return { path: battery(batteryId, 'certificates'), role: 'certifier', body };
    }
    case 'ImportBattery': {
      // A bundle as the origin's GET /bundle served it; who it is from and for is found again by the receiver.
      const { issuerId: _, toOrganisationId: __, ...bundle } = command.bundle;
      return { path: '/api/v1/imports', role: 'operator', body: { format: 'cellpath-bundle/1', batteryId: command.batteryId, ...bundle } };
    }
    case 'RevokeReuseCertificate':
      return { path: `/api/v1/certificates/${command.certificateId}/revocation`, role: 'certifier', body: { reason: command.reason } };
    default: {
      const { type, batteryId, ...body } = command;
      return { path: battery(batteryId, STEPS[type].step), role: STEPS[type].role, body };
    }
  }
}

type PathCommand = Exclude<
  JourneyCommand['type'],
  'CreateSite' | 'RegisterBattery' | 'IssueReuseCertificate' | 'RevokeReuseCertificate' | 'ImportBattery'
>;

const STEPS: Record<PathCommand, { step: string; role: CommandRole }> = {
  ReceiveBattery: { step: 'receipts', role: 'operator' },
  EvaluateBattery: { step: 'evaluations', role: 'evaluator' },
  StoreBattery: { step: 'storage', role: 'operator' },
  ReleaseBatteryFromStorage: { step: 'storage/release', role: 'operator' },
  DiagnoseBattery: { step: 'diagnoses', role: 'evaluator' },
  RecordSecondLife: { step: 'second-life', role: 'operator' },
  HandOverForRecycling: { step: 'recycling', role: 'recycler' },
  RecordRecyclingOutcome: { step: 'recycling/outcome', role: 'recycler' },
  TransferBattery: { step: 'transfers', role: 'operator' },
  AttachPassportSource: { step: 'passport-sources', role: 'operator' },
};

/** Organisations are registered by an admin, the one role no battery command needs. */
export function httpOrganisation(command: RegisterOrganisation): { path: string; role: 'admin'; body: Record<string, unknown> } {
  const { type: _, ...body } = command;
  return { path: '/api/v1/organisations', role: 'admin', body };
}
