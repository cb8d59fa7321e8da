import type { ApiHarness } from './api-harness.js';
import { lifecycleSteps } from './lifecycle-steps.js';

/** One battery of each kind a passport has to handle (shared/api.md "Battery passport", issue 14). */
export interface PassportMix {
  original: string;
  reused: string;
  firstPredecessor: string;
  secondPredecessor: string;
  /** Repurposed from the two predecessors. */
  successor: string;
  remanufacturedFrom: string;
  remanufactured: string;
  waste: string;
  recycled: string;
  /** The re-used battery's certificate (valid) and one revoked on another battery. */
  validCertificate: string;
  revokedCertificate: string;
}

/** Seeds the mix through the API; every command must succeed. */
export async function seedPassportMix(
  api: Pick<ApiHarness, 'http' | 'bearer'>,
  /** Registered organisations the second lives and hand-overs name (otherwise free-text names only). */
  organisations: { operatorOrganisationId?: string; recyclerOrganisationId?: string } = {},
): Promise<PassportMix> {
  const operator = organisations.operatorOrganisationId ? { operatorOrganisationId: organisations.operatorOrganisationId } : {};
  const recycler = organisations.recyclerOrganisationId ? { recyclerOrganisationId: organisations.recyclerOrganisationId } : {};
  const steps = lifecycleSteps(api);
  const { site } = await steps.createSite();
  const registered = async (overrides: Record<string, unknown> = {}) => {
    const { response, id } = await steps.register(overrides);
    if (response.status !== 201) throw new Error(`registration: ${response.status} ${JSON.stringify(response.body)}`);
    return id;
  };
  const certified = async (id: string, evaluation: Record<string, unknown> = {}) => {
    await steps.receive(id, site.siteId).expect(201);
    await steps.evaluate(id, evaluation).expect(201);
    await steps.diagnose(id).expect(201);
    const issued = await steps.certify(id, { applications: ['ess', 'ev'] }).expect(201);
    return issued.body.certificateId as string;
  };

  const original = await registered({
    serialNumber: 'KM-5510-0042',
    manufacturingPlace: 'Cheongju, KR',
    parentBatteryId: 'VEHICLE-KMH-001',
  });
  await steps.receive(original, site.siteId).expect(201);
  await steps
    .evaluate(original, {
      negativeEvents: ['thermal event in vehicle, 2024'],
      numberOfFullCycles: 812,
      internalResistanceMOhm: 95,
      selfDischargePctPerMonth: 2.1,
    })
    .expect(201);
  await steps.diagnose(original).expect(201);

  const reused = await registered();
  const validCertificate = await certified(reused);
  await steps.secondLife(reused, { kind: 're-used', application: 'ess', operatorName: 'GridCell', ...operator }).expect(201);

  const firstPredecessor = await registered({ level: 'module' });
  const secondPredecessor = await registered({ level: 'module' });
  const successor = await registered({ category: 'stationary', predecessorIds: [firstPredecessor, secondPredecessor] });
  for (const predecessor of [firstPredecessor, secondPredecessor]) {
    await certified(predecessor);
    await steps
      .secondLife(predecessor, { kind: 'repurposed', operatorName: 'Second Grid', successorBatteryId: successor, ...operator })
      .expect(201);
  }

  const remanufacturedFrom = await registered();
  const remanufactured = await registered({ predecessorIds: [remanufacturedFrom] });
  await certified(remanufacturedFrom);
  await steps
    .secondLife(remanufacturedFrom, {
      kind: 'remanufactured',
      application: 'ev',
      operatorName: 'Reman Works',
      successorBatteryId: remanufactured,
      ...operator,
    })
    .expect(201);

  const waste = await registered();
  await steps.receive(waste, site.siteId, { hazardClass: 'damaged-critical' }).expect(201);
  await steps.handOver(waste, recycler).expect(201);

  const recycled = await registered();
  await steps.receive(recycled, site.siteId).expect(201);
  await steps.handOver(recycled).expect(201);
  await steps.outcome(recycled).expect(201);

  const revokedCertificate = await certified(await registered());
  await steps
    .post(`/api/v1/certificates/${revokedCertificate}/revocation`, 'certifier', { reason: 'insulation test record found falsified' })
    .expect(201);

  return {
    original,
    reused,
    firstPredecessor,
    secondPredecessor,
    successor,
    remanufacturedFrom,
    remanufactured,
    waste,
    recycled,
    validCertificate,
    revokedCertificate,
  };
}
