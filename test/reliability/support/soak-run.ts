/** A soak against a running cluster, and the checks every reliability test ends with. */
import { openPostgres, type Database } from '#libs/database';
import { SqlEventStore, type EventStore } from '#libs/event-store';
import { KEYS, startCluster, type Cluster } from './cluster.js';
import { Ledger, type Acknowledgement } from './ledger.js';
import { createSites, driveLifecycles, type SoakSite } from './lifecycle-driver.js';
import { SOAK } from './soak-settings.js';
import { seededRng } from './rng.js';
import { SoakClient } from './soak-client.js';
import { auditStore, lastPosition, readLogThrough, type StoreAudit } from './store-audit.js';
import { compareViews } from './views-audit.js';

export interface SoakOptions {
  clients: number;
  seconds: number;
  seed: number;
  sites: readonly SoakSite[];
}

/** `clients` concurrent lifecycle drivers against the cluster's running APIs until the time is up. */
export async function runSoak(cluster: Cluster, { clients, seconds, seed, sites }: SoakOptions): Promise<Ledger> {
  const ledger = new Ledger();
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, (_, i) => {
      const rng = seededRng(seed + i);
      return driveLifecycles(new SoakClient(() => cluster.liveBaseUrls(), ledger, rng), rng, sites, until);
    }),
  );
  return ledger;
}

export interface SoakDeployment {
  cluster: Cluster;
  /** The store as the audit reads it, on its own small pool. */
  database: Database;
  store: SqlEventStore;
  /** The sites' creation, acknowledged. */
  acknowledged: Acknowledgement[];
}

/** A cluster on `clusterUrl` with the soak's sites created; the audit reads the store at `storeUrl` (the same server, perhaps past a relay). */
export async function startSoakDeployment(clusterUrl: string, storeUrl: string, sites: readonly SoakSite[]): Promise<SoakDeployment> {
  const cluster = await startCluster(clusterUrl);
  const database = await openPostgres(storeUrl, { max: 2 });
  const store = await SqlEventStore.open(database);
  const setup = new Ledger();
  await createSites(newClient(cluster, setup, SOAK.seed), sites);
  return { cluster, database, store, acknowledged: [...setup.acknowledged.values()] };
}

export function newClient(cluster: Cluster, ledger: Ledger, seed: number): SoakClient {
  return new SoakClient(() => cluster.liveBaseUrls(), ledger, seededRng(seed));
}

/** Batteries whose chains the API itself is asked to verify (GET …/history/verify), besides the full recomputation. */
const VERIFIED_OVER_HTTP = 10;

/**
 * Everything the issue requires after load: the store audit (acknowledged events exactly once,
 * contiguous revisions, hash chains, slot and zone rules, no half-applied storage command), the
 * API's own chain verification for a sample, and every API's views equal to a rebuild from the log.
 */
export async function expectConsistent(cluster: Cluster, store: EventStore, acknowledged: readonly Acknowledgement[]): Promise<StoreAudit> {
  const events = await readLogThrough(store, lastPosition(acknowledged));
  const audit = auditStore(events, acknowledged);
  expect(audit.violations).toEqual([]);

  const batteries = [...new Set(events.filter((e) => e.type === 'BatteryRegistered').map((e) => e.streamId))].slice(0, VERIFIED_OVER_HTTP);
  for (const id of batteries) {
    const response = await fetch(`${cluster.liveBaseUrls()[0]}/api/v1/batteries/${id}/history/verify`, {
      headers: { authorization: `Bearer ${KEYS.auditor}` },
    });
    const count = events.filter((e) => e.streamId === id).length;
    expect({ id, verify: await response.json() }).toEqual({ id, verify: { valid: true, eventCount: count } });
  }

  for (const baseUrl of cluster.liveBaseUrls()) {
    for (const { name, served, rebuilt } of await compareViews(baseUrl, events)) {
      expect({ view: name, api: baseUrl, figures: served }).toEqual({ view: name, api: baseUrl, figures: rebuilt });
    }
  }
  return audit;
}
