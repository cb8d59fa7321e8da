import fc from 'fast-check';
import { describeOnStores } from './support/api-harness.js';
import { aSite } from '#libs/battery-journey';
import { lifecycleSteps } from './support/lifecycle-steps.js';

const BATTERIES = 3;
const SLOTS = ['S-1', 'S-2', 'S-3'];

/** One random step against battery `b` (an index); bodies are valid, so only rules decide. */
const step = fc.oneof(
  fc.record({
    kind: fc.constant('receive' as const),
    b: fc.nat(BATTERIES - 1),
    hazardClass: fc.constantFrom('intact', 'damaged-non-critical', 'damaged-critical'),
  }),
  fc.record({ kind: fc.constant('evaluate' as const), b: fc.nat(BATTERIES - 1), soh: fc.integer({ min: 40, max: 100 }) }),
  fc.record({
    kind: fc.constant('store' as const),
    b: fc.nat(BATTERIES - 1),
    zone: fc.constantFrom('Z-A', 'Z-ISO'),
    slot: fc.constantFrom(...SLOTS),
  }),
  fc.record({ kind: fc.constant('release' as const), b: fc.nat(BATTERIES - 1) }),
  fc.record({ kind: fc.constant('diagnose' as const), b: fc.nat(BATTERIES - 1), verdict: fc.constantFrom('pass', 'fail') }),
  fc.record({ kind: fc.constant('certify' as const), b: fc.nat(BATTERIES - 1) }),
  fc.record({ kind: fc.constant('secondLife' as const), b: fc.nat(BATTERIES - 1) }),
  fc.record({ kind: fc.constant('handOver' as const), b: fc.nat(BATTERIES - 1) }),
  fc.record({ kind: fc.constant('outcome' as const), b: fc.nat(BATTERIES - 1) }),
);

describeOnStores('random command sequences over HTTP', (api) => {
  test('never answer 5xx, never change state when rejected, never break slot and zone rules', async () => {
    const s = lifecycleSteps(api());
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 18 }), async (sequence) => {
        const { site } = await s.createSite(
          aSite({
            zones: [
              { zone: 'Z-A', kind: 'standard', capacity: 2 },
              { zone: 'Z-ISO', kind: 'isolation', capacity: 1 },
            ],
          }),
        );
        const ids: string[] = [];
        for (let i = 0; i < BATTERIES; i++) ids.push((await s.register()).id);
        for (const command of sequence) {
          const id = ids[command.b]!;
          const before = (await s.battery(id)).body.revision;
          const response = await (() => {
            switch (command.kind) {
              case 'receive':
                return s.receive(id, site.siteId, { hazardClass: command.hazardClass });
              case 'evaluate':
                return s.evaluate(id, { stateOfHealthPct: command.soh });
              case 'store':
                return s.store(id, site.siteId, command.zone, command.slot);
              case 'release':
                return s.release(id);
              case 'diagnose':
                return s.diagnose(id, { verdict: command.verdict });
              case 'certify':
                return s.certify(id);
              case 'secondLife':
                return s.secondLife(id);
              case 'handOver':
                return s.handOver(id);
              case 'outcome':
                return s.outcome(id);
            }
          })();
          expect([201, 409]).toContain(response.status);
          const after = (await s.battery(id)).body.revision;
          expect(after).toBe(response.status === 201 ? before + 1 : before);
        }
        const siteView = (await api().http.get(`/api/v1/sites/${site.siteId}`).set(api().bearer('auditor'))).body;
        const slotted = new Map<string, string>();
        for (const zone of siteView.zones) {
          expect(zone.occupied).toBeLessThanOrEqual(zone.capacity);
          expect(zone.occupied).toBe(zone.slots.length);
          for (const { slot, batteryId } of zone.slots) {
            expect(slotted.has(batteryId)).toBe(false);
            slotted.set(batteryId, `${zone.zone}/${slot}`);
          }
        }
        for (const id of ids) {
          const view = (await s.battery(id)).body;
          expect(view.location ? `${view.location.zone}/${view.location.slot}` : undefined).toBe(slotted.get(id));
          if (view.location?.zone === 'Z-A') expect(view.hazardClass).not.toBe('damaged-critical');
          if (view.activeCertificate) expect(['A', 'B']).toContain(view.latestEvaluation.grade);
        }
      }),
      { numRuns: 12 },
    );
  }, 120_000);
});
