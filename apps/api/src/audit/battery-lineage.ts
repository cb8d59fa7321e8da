import { Injectable } from '@nestjs/common';
import { traceLineage, type Lineage, type LineageFacts } from '#libs/audit';
import { BatteryNotFound, type OriginRecord } from '#libs/lifecycle';
import { LifecycleRepository } from '../lifecycle/lifecycle.repository.js';
import { LineageIndex } from './lineage-index.js';

/** `GET /batteries/{id}/lineage`: each battery's links from its own stream, plus who names it. */
@Injectable()
export class BatteryLineage {
  constructor(
    private readonly repository: LifecycleRepository,
    private readonly index: LineageIndex,
  ) {}

  /** Extension: `origin` names where an imported battery's history began (its provenance), else null. */
  async trace(batteryId: string): Promise<Lineage & { origin: OriginRecord | null }> {
    await this.index.catchUp();
    const lineage = await traceLineage(batteryId, (id) => this.facts(id));
    if (!lineage) throw new BatteryNotFound(batteryId);
    const { state } = await this.repository.battery(batteryId);
    return { ...lineage, origin: state.registered ? state.origin : null };
  }

  private async facts(batteryId: string): Promise<LineageFacts> {
    const [{ state }, named] = await Promise.all([this.repository.battery(batteryId), this.index.successorsNaming(batteryId)]);
    const namedBy = await this.confirmedNamers(batteryId, named);
    if (!state.registered) return { status: null, predecessorIds: [], successorIds: [], namedBy };
    return { status: state.status, predecessorIds: state.predecessorIds, successorIds: state.successorIds, namedBy };
  }

  /** Index links whose successor really was registered naming `batteryId` (a failed append leaves none). */
  private async confirmedNamers(batteryId: string, candidates: string[]): Promise<string[]> {
    const states = await Promise.all(candidates.map((id) => this.repository.battery(id)));
    return candidates.filter((_, i) => {
      const { state } = states[i]!;
      return state.registered && state.predecessorIds.includes(batteryId);
    });
  }
}
