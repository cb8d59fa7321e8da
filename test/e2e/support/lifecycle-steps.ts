import type { ApiHarness, TestRole } from './api-harness.js';
import { aBatteryRegistration, aSite } from './fixtures.js';

type Body = Record<string, unknown>;

/** The contract's command routes as one-liners, so specs read as the lifecycle they drive. */
export function lifecycleSteps(api: Pick<ApiHarness, 'http' | 'bearer'>) {
  const post = (path: string, role: TestRole, body: Body, headers: Record<string, string> = {}) =>
    api.http.post(path).set(api.bearer(role)).set(headers).send(body);
  const on = (id: string, step: string) => `/api/v1/batteries/${id}/${step}`;
  return {
    post,
    createSite: (site = aSite()) => post('/api/v1/sites', 'operator', site).then((r) => ({ response: r, site })),
    register: (overrides: Body = {}) => {
      const body = aBatteryRegistration(overrides);
      return post('/api/v1/batteries', 'operator', body).then((r) => ({ response: r, id: body.batteryId as string, body }));
    },
    receive: (id: string, siteId: string, body: Body = {}) => post(on(id, 'receipts'), 'operator', { siteId, source: 'dealer', hazardClass: 'intact', stateOfChargePct: 45, ...body }),
    evaluate: (id: string, body: Body = {}) =>
      post(on(id, 'evaluations'), 'evaluator', { method: 'full-capacity-test', stateOfHealthPct: 86.4, remainingCapacityAh: 155.5, remainingEnergyKWh: 55.3, visualInspection: 'pass', ...body }),
    store: (id: string, siteId: string, zone: string, slot: string, body: Body = {}) => post(on(id, 'storage'), 'operator', { siteId, zone, slot, ...body }),
    release: (id: string, body: Body = {}) => post(on(id, 'storage/release'), 'operator', { reason: 'picked', ...body }),
    diagnose: (id: string, body: Body = {}) => post(on(id, 'diagnoses'), 'evaluator', { tests: [{ name: 'insulation', result: 'pass', value: 550, unit: 'MΩ' }], verdict: 'pass', standard: 'UL 1974', ...body }),
    certify: (id: string, body: Body = {}) => post(on(id, 'certificates'), 'certifier', { applications: ['ess'], ...body }),
    secondLife: (id: string, body: Body = {}) => post(on(id, 'second-life'), 'operator', { kind: 're-used', application: 'ess', operatorName: 'GridCell', ...body }),
    handOver: (id: string, body: Body = {}) => post(on(id, 'recycling'), 'recycler', { recycler: 'SungEel HiTech', ...body }),
    outcome: (id: string, body: Body = {}) =>
      post(on(id, 'recycling/outcome'), 'recycler', { process: 'hydrometallurgy', inputMassKg: 400, recovered: { lithiumKg: 3, cobaltKg: 3.8, nickelKg: 22 }, ...body }),
    battery: (id: string) => api.http.get(`/api/v1/batteries/${id}`).set(api.bearer('auditor')),
    /** A registered battery received at a fresh site, ready for evaluation and storage. */
    async receivedBattery(overrides: Body = {}, receipt: Body = {}) {
      const { site } = await this.createSite();
      const { id } = await this.register(overrides);
      await this.receive(id, site.siteId, receipt).expect(201);
      return { id, site };
    },
    /** Evaluated grade A and diagnosed pass: certifiable. */
    async certifiableBattery() {
      const ready = await this.receivedBattery();
      await this.evaluate(ready.id).expect(201);
      await this.diagnose(ready.id).expect(201);
      return ready;
    },
  };
}
