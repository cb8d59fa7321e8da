import type { BatteryEventType } from './battery-events.js';
import { STAGES, type Stage } from './value-sets.js';

/** The stage an event reaches; storage and revocation are not steps of the lifecycle. */
const STAGE_REACHED: Partial<Record<BatteryEventType, Stage>> = {
  BatteryRegistered: 'registered',
  BatteryReceived: 'received',
  BatteryEvaluated: 'evaluated',
  BatteryDiagnosed: 'diagnosed',
  ReuseCertificateIssued: 'certified',
  BatteryReused: 'second-life',
  BatteryRepurposed: 'second-life',
  BatteryRemanufactured: 'second-life',
  BatteryHandedOverForRecycling: 'handed-over',
  BatteryRecycled: 'recycled',
};

/** A stage never goes back: a diagnosis after certification leaves the battery `certified`. */
export function stageAfter(current: Stage, type: BatteryEventType): Stage {
  const reached = STAGE_REACHED[type];
  if (reached === undefined) return current;
  return STAGES.indexOf(reached) > STAGES.indexOf(current) ? reached : current;
}
