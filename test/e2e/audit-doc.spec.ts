import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import canonicalize from 'canonicalize';
import { historyBundle, type HistoryEntry } from '#libs/audit';
import { computeEventHash } from '#libs/event-store';
import { batteryStream } from '../../apps/api/src/lifecycle/stream-names.js';
import { describeOnStores } from './support/api-harness.js';
import { lifecycleSteps } from './support/lifecycle-steps.js';

/** Fenced blocks of docs/audit.md named in their info string: ```json event.json */
const blocks = new Map(
  [...readFileSync(new URL('../../docs/audit.md', import.meta.url), 'utf8').matchAll(/^```\w+ ([\w.-]+)\n([\s\S]*?)\n```$/gm)].map(
    ([, name, body]) => [name!, body!],
  ),
);
const block = (name: string) => {
  const body = blocks.get(name);
  if (body === undefined) throw new Error(`docs/audit.md has no block named ${name}`);
  return body;
};

const missing = (tool: string, args: string[]) => (spawnSync(tool, args).error ? `skipped: ${tool} not installed` : undefined);

/** Runs docs/audit.md's verify-bundle.py, as written, on a bundle file. */
function verifyOffline(bundle: unknown) {
  const dir = mkdtempSync(join(tmpdir(), 'cellpath-audit-'));
  writeFileSync(join(dir, 'verify-bundle.py'), block('verify-bundle.py'));
  writeFileSync(join(dir, 'bundle.json'), typeof bundle === 'string' ? bundle : JSON.stringify(bundle, null, 2));
  const { status, stdout, stderr } = spawnSync('python3', ['verify-bundle.py', 'bundle.json'], { cwd: dir, encoding: 'utf8' });
  return { status, output: (stdout + stderr).trim() };
}

const hashedMembers = ({ streamId, revision, type, occurredAt, recordedAt, actor, data }: HistoryEntry) => ({
  streamId,
  revision,
  type,
  occurredAt,
  recordedAt,
  actor,
  data,
});

describe('docs/audit.md worked example', () => {
  const event = JSON.parse(block('event.json')) as HistoryEntry;

  it('is real output: the code hashes the example to its hash, over the JCS shown', () => {
    expect(computeEventHash({ ...event, metadata: { occurredAt: event.occurredAt, actor: event.actor ?? undefined } })).toBe(event.hash);
    expect(canonicalize(hashedMembers(event))).toBe(block('event.jcs'));
  });

  it('runs the sha256sum line as written and prints the hash shown', () => {
    expect(block('sha256sum')).toBe(`printf '%s' '${event.previousHash}${block('event.jcs')}' | sha256sum`);
    expect(block('sha256sum.out')).toBe(`${event.hash}  -`);
    const skip = missing('sha256sum', ['--version']);
    if (skip) return console.log(skip);
    const run = spawnSync('bash', ['-c', block('sha256sum')], { encoding: 'utf8' });
    expect(run.stdout).toBe(`${block('sha256sum.out')}\n`);
  });

  it('verify-bundle.py follows RFC 8785 on awkward values, and names the first broken revision', () => {
    const skip = missing('python3', ['--version']);
    if (skip) return console.log(skip);
    const awkward = [
      { numbers: [1e21, 1e20, 1e-7, 0.000001, -0, 5e-324, 1.7976931348623157e308, 0.1 + 0.2, 2 ** 53 + 2, -41.5] },
      { '😀': 'astral sorts before U+FFFF', '\uffff': 1, é: 'é', b: 'a"b\\c\n\t\u0001\u001f\u007f\u2028', B: [true, false, null, {}] },
      { nested: { z: { y: [] }, a: 0 } },
    ];
    const entries: HistoryEntry[] = [];
    awkward.forEach((data, revision) => {
      const entry = {
        streamId: 'BAT-AWKWARD',
        revision,
        type: 'BatteryEvaluated',
        schemaVersion: 1,
        occurredAt: '2025-03-01T00:00:00.000Z',
        recordedAt: '2025-03-02T00:00:00.000Z',
        actor: revision === 1 ? null : { keyId: 'key-x', roles: ['evaluator'] },
        data,
        previousHash: entries[revision - 1]?.hash ?? null,
      };
      entries.push({
        ...entry,
        hash: computeEventHash({ ...entry, metadata: { occurredAt: entry.occurredAt, actor: entry.actor ?? undefined } }),
      });
    });
    const bundle = historyBundle('BAT-AWKWARD', entries, '2025-03-03T00:00:00.000Z');
    expect(bundle.verification).toEqual({ valid: true, eventCount: 3 });
    expect(verifyOffline(bundle)).toEqual({ status: 0, output: `valid: 3 events of BAT-AWKWARD, last hash ${entries[2]!.hash}` });

    const edited = JSON.stringify(bundle).replace('"a":0', '"a":1');
    expect(verifyOffline(edited)).toEqual({ status: 1, output: 'broken at revision 2' });
    expect(verifyOffline({ ...bundle, batteryId: 'BAT-OTHER' })).toEqual({ status: 1, output: 'broken at revision 0' });
  });
});

describeOnStores('docs/audit.md offline recipe on exported bundles', (api) => {
  const skip = missing('python3', ['--version']);

  test('an exported bundle verifies with the recipe alone; one edited in the file or in the database does not', async () => {
    if (skip) return console.log(skip);
    const { http, bearer, infrastructure } = api();
    const steps = lifecycleSteps(api());
    const { id: batteryId } = await steps.receivedBattery(
      {},
      { source: 'owner', stateOfChargePct: 0.000001, notes: '입고 "팔레트" 7\n검수 완료' },
    );
    await steps
      .evaluate(batteryId, {
        method: 'eis',
        stateOfHealthPct: 81.25,
        remainingCapacityAh: 146.3,
        negativeEvents: ['over-temperature 2023'],
      })
      .expect(201);
    const exported = async () =>
      (await http.get(`/api/v1/batteries/${batteryId}/history?format=bundle`).set(bearer('auditor')).expect(200)).text;

    const bundle = await exported();
    const lastHash = JSON.parse(bundle).events[2].hash;
    expect(verifyOffline(bundle)).toEqual({ status: 0, output: `valid: 3 events of ${batteryId}, last hash ${lastHash}` });
    expect(verifyOffline(bundle.replace('"stateOfHealthPct":81.25', '"stateOfHealthPct":91.25'))).toEqual({
      status: 1,
      output: 'broken at revision 2',
    });

    await infrastructure.database.query(
      `update events set data = jsonb_set(data, '{source}', '"oem"') where stream_id = $1 and revision = 1`,
      [batteryStream(batteryId)],
    );
    const tampered = await exported();
    expect(JSON.parse(tampered).verification).toEqual({ valid: false, eventCount: 3, brokenAtRevision: 1, reason: 'hash-mismatch' });
    expect(verifyOffline(tampered)).toEqual({ status: 1, output: 'broken at revision 1' });
  });
});
