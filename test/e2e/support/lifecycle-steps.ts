import { aSite, httpCommand, httpOrganisation, journey, type JourneyCommand } from '#libs/battery-journey';
import type { ApiHarness, TestRole } from './api-harness.js';

type Body = Record<string, unknown>;

/**
 * The journey kit's commands sent through supertest, one-liners so specs read as the lifecycle
 * they drive. A body override may be anything, so validation specs can send what the kit would not.
 */
export function lifecycleSteps(api: Pick<ApiHarness, 'http' | 'bearer'>) {
  const post = (path: string, role: TestRole, body: Body, headers: Record<string, string> = {}) =>
    api.http.post(path).set(api.bearer(role)).set(headers).send(body);
  const send = (command: JourneyCommand, overrides: Body = {}) => {
    const { path, role, body } = httpCommand(command);
    return post(path, role, { ...body, ...overrides });
  };
  return {
    post,
    send,
    registerOrganisation: (overrides: Body = {}) => {
      const { path, role, body } = httpOrganisation(journey.registerOrganisation());
      const sent = { ...body, ...overrides };
      return post(path, role, sent).then((r) => ({ response: r, id: sent.organisationId as string, body: sent }));
    },
    createSite: <Site extends object = ReturnType<typeof aSite>>(site: Site = aSite() as Site) =>
      send(journey.createSite(), site as Body).then((r) => ({ response: r, site })),
    register: (overrides: Body = {}) => {
      const command = { ...journey.register(), ...overrides } as JourneyCommand & { batteryId: string };
      return send(command).then((r) => ({ response: r, id: command.batteryId, body: httpCommand(command).body }));
    },
    receive: (id: string, siteId: string, body: Body = {}) => send(journey.receive(id, siteId), body),
    evaluate: (id: string, body: Body = {}) => send(journey.evaluate(id), body),
    store: (id: string, siteId: string, zone: string, slot: string, body: Body = {}) => send(journey.store(id, siteId, zone, slot), body),
    release: (id: string, body: Body = {}) => send(journey.release(id), body),
    diagnose: (id: string, body: Body = {}) => send(journey.diagnose(id), body),
    certify: (id: string, body: Body = {}) => send(journey.certify(id), body),
    secondLife: (id: string, body: Body = {}) => send(journey.secondLife(id), body),
    handOver: (id: string, body: Body = {}) => send(journey.handOver(id), body),
    outcome: (id: string, body: Body = {}) => send(journey.recyclingOutcome(id), body),
    transfer: (id: string, body: Body = {}) => send(journey.transfer(id), body),
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
