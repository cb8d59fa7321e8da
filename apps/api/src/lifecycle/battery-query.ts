import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { BatteryNotFound, batteryView, type BatteryView } from '#libs/lifecycle';
import { LifecycleRepository } from './lifecycle.repository.js';

export class GetBatteryQuery extends Query<BatteryView> {
  constructor(
    readonly batteryId: string,
    /** ISO instant: fold only events recorded up to then (what the system knew at that time). */
    readonly asOf?: string,
  ) {
    super();
  }
}

@QueryHandler(GetBatteryQuery)
export class GetBatteryHandler implements IQueryHandler<GetBatteryQuery, BatteryView> {
  constructor(private readonly repository: LifecycleRepository) {}

  async execute({ batteryId, asOf }: GetBatteryQuery): Promise<BatteryView> {
    const { state } = await (asOf === undefined
      ? this.repository.battery(batteryId)
      : this.repository.batteryAsOf(batteryId, Date.parse(asOf)));
    if (!state.registered) throw new BatteryNotFound(batteryId);
    return batteryView(state, asOf ?? new Date().toISOString());
  }
}
