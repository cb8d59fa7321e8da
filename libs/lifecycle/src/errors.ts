import type { LifecycleRule } from './lifecycle-rules.js';

/** A command that breaks a lifecycle rule (HTTP 409); `detail` names the rule. */
export class LifecycleRuleViolation extends Error {
  override readonly name = 'LifecycleRuleViolation';
  readonly detail: string;
  constructor(
    readonly rule: LifecycleRule,
    explanation: string,
  ) {
    const detail = `${explanation} (rule: ${rule})`;
    super(detail);
    this.detail = detail;
  }
}

export type NotFoundResource = 'battery' | 'site' | 'zone' | 'certificate' | 'organisation';

/** A command names something that does not exist (HTTP 404). */
export class ResourceNotFound extends Error {
  override readonly name: string = 'ResourceNotFound';
  constructor(
    readonly resource: NotFoundResource,
    readonly id: string,
    message = `${resource} ${id} not found`,
  ) {
    super(message);
  }
}

export class BatteryNotFound extends ResourceNotFound {
  override readonly name = 'BatteryNotFound';
  constructor(batteryId: string) {
    super('battery', batteryId);
  }
}

export class SiteNotFound extends ResourceNotFound {
  override readonly name = 'SiteNotFound';
  constructor(siteId: string) {
    super('site', siteId);
  }
}

export class ZoneNotFound extends ResourceNotFound {
  override readonly name = 'ZoneNotFound';
  constructor(
    readonly siteId: string,
    zone: string,
  ) {
    super('zone', zone, `zone ${zone} not found at site ${siteId}`);
  }
}

export class CertificateNotFound extends ResourceNotFound {
  override readonly name = 'CertificateNotFound';
  constructor(certificateId: string) {
    super('certificate', certificateId);
  }
}

export class OrganisationNotFound extends ResourceNotFound {
  override readonly name = 'OrganisationNotFound';
  constructor(organisationId: string) {
    super('organisation', organisationId);
  }
}

export interface FieldError {
  /** Dotted path from the body root, as the HTTP contract reports it (`tests.0.name`). */
  field: string;
  message: string;
}

/** A command whose content is wrong whatever the state (HTTP 400). */
export class InvalidCommand extends Error {
  override readonly name = 'InvalidCommand';
  constructor(readonly errors: readonly FieldError[]) {
    super(`invalid command: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
  }
}
