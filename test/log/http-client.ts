import { aRegistration, aSite } from '#libs/battery-journey';

export const KEYS = 'admin:log-admin-secret,operator+evaluator+certifier:log-writer-secret,auditor:log-auditor-secret';
const WRITER = { authorization: 'Bearer log-writer-secret', 'content-type': 'application/json' };
const AUDITOR = { authorization: 'Bearer log-auditor-secret' };

/** A client of a running API process (fetch, no Nest in this process). */
export function httpClient(baseUrl: string) {
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: WRITER, body: JSON.stringify(body) });
    if (response.status !== 201) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<Record<string, any>>;
  };
  const get = async (path: string, auth = true) => {
    const response = await fetch(`${baseUrl}${path}`, { headers: auth ? AUDITOR : {} });
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<any>;
  };
  return {
    post,
    get,
    async register() {
      const registration = aRegistration();
      return post('/api/v1/batteries', registration);
    },
    /** Registered, received, evaluated, diagnosed and certified; returns the ids. */
    async certified() {
      const site = aSite();
      await post('/api/v1/sites', site);
      const { batteryId } = await post('/api/v1/batteries', aRegistration());
      const on = (step: string) => `/api/v1/batteries/${batteryId}/${step}`;
      await post(on('receipts'), { siteId: site.siteId, source: 'dealer', hazardClass: 'intact', stateOfChargePct: 45 });
      await post(on('evaluations'), {
        method: 'full-capacity-test',
        stateOfHealthPct: 86.4,
        remainingCapacityAh: 155.5,
        remainingEnergyKWh: 55.3,
        visualInspection: 'pass',
      });
      await post(on('diagnoses'), {
        tests: [{ name: 'insulation', result: 'pass', value: 550, unit: 'MΩ' }],
        verdict: 'pass',
        standard: 'UL 1974',
      });
      const { certificateId } = await post(on('certificates'), { applications: ['ess'] });
      return { batteryId: batteryId as string, certificateId: certificateId as string };
    },
  };
}
