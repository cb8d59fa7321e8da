import { Injectable } from '@nestjs/common';
import { traceLineage, type Lineage, type LineageFacts } from '#libs/audit';
import { BatteryNotFound } from '#libs/lifecycle';
import { LifecycleRepository } from '../lifecycle/lifecycle.repository.js';
import { LineageIndex } from './lineage-index.js';

/** `GET /batteries/{id}/lineage`: each battery's links from its own stream, plus who names it. */
@Injectable()
export class BatteryLineage {
  constructor(
    private readonly repository: LifecycleRepository,
    private readonly index: LineageIndex,
  ) {}

  async trace(batteryId: string): Promise<Lineage> {
    await this.index.catchUp();
    const lineage = await traceLineage(batteryId, (id) => this.facts(id));
    if (!lineage) throw new BatteryNotFound(batteryId);
    return lineage;
  }

  private async facts(batteryId: string): Promise<LineageFacts> {
    const [{ state }, namedBy] = await Promise.all([this.repository.battery(batteryId), this.index.successorsNaming(batteryId)]);
    if (!state.registered) return { status: null, predecessorIds: [], successorIds: [], namedBy };
    return { status: state.status, predecessorIds: state.predecessorIds, successorIds: state.successorIds, namedBy };
  }
}
