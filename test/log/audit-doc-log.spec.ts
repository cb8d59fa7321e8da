import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryTree, inclusionProof, leafData, leafHash, rootHash, signCheckpoint } from '#libs/transparency-log';
import { testKeys } from './log-fixture.js';

/** Fenced blocks of docs/audit.md named in their info string. */
const blocks = new Map(
  [...readFileSync(new URL('../../docs/audit.md', import.meta.url), 'utf8').matchAll(/^```\w+ ([\w.-]+)\n([\s\S]*?)\n```$/gm)].map(
    ([, name, body]) => [name!, body!],
  ),
);
const missing = ['jq', 'openssl', 'xxd', 'python3'].filter((tool) => spawnSync(tool, ['--version']).error !== undefined);
if (missing.length > 0) console.warn(`SKIPPED docs/audit.md log recipes: ${missing.join(', ')} not installed`);

(missing.length > 0 ? describe.skip : describe)('docs/audit.md transparency-log recipes, run as written', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cellpath-log-doc-'));
  const write = (name: string, content: unknown) =>
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  const run = (tool: string, args: string[]) => spawnSync(tool, args, { cwd: dir, encoding: 'utf8' });
  const entries = Array.from({ length: 11 }, (_, i) => ({
    streamId: i % 2 ? `BAT-${i}` : `site/S-${i}`,
    revision: i,
    type: 'BatteryRegistered',
    hash: String(i).padStart(64, 'c'),
  }));
  const tree = new MemoryTree(entries.map((entry) => leafHash(leafData(entry))));

  beforeAll(async () => {
    const keys = await testKeys();
    write('keys.json', await keys.jwks());
    write(
      'checkpoint.json',
      signCheckpoint({ origin: 'cellpath.example', treeSize: 11, rootHash: await rootHash(11, tree.source) }, new Date(), keys),
    );
    write('verify-checkpoint.sh', blocks.get('verify-checkpoint.sh')!);
    write('verify_inclusion.py', blocks.get('verify_inclusion.py')!);
  });

  test('the openssl recipe verifies a signed checkpoint and refuses an altered one', () => {
    const ok = run('sh', ['verify-checkpoint.sh', 'checkpoint.json', 'keys.json']);
    expect(ok.stdout + ok.stderr).toContain('Signature Verified Successfully');
    expect(ok.status).toBe(0);
    const checkpoint = JSON.parse(readFileSync(join(dir, 'checkpoint.json'), 'utf8'));
    write('altered.json', { ...checkpoint, text: checkpoint.text.replace('\n11\n', '\n12\n') });
    const altered = run('sh', ['verify-checkpoint.sh', 'altered.json', 'keys.json']);
    expect(altered.stdout + altered.stderr).toContain('Signature Verification Failure');
    expect(altered.status).not.toBe(0);
  });

  test('the Python lines verify every inclusion proof and refuse a wrong index', async () => {
    for (const [index, entry] of entries.entries()) {
      write('entry.json', entry);
      write('proof.json', {
        leafIndex: index,
        treeSize: 11,
        auditPath: (await inclusionProof(index, 11, tree.source)).map((h) => h.toString('hex')),
      });
      const result = run('python3', ['verify_inclusion.py', 'entry.json', 'proof.json', 'checkpoint.json']);
      expect(`${index}: ${result.stdout.trim()}`).toBe(`${index}: inclusion OK`);
    }
    write('proof.json', {
      leafIndex: 9,
      treeSize: 11,
      auditPath: (await inclusionProof(10, 11, tree.source)).map((h) => h.toString('hex')),
    });
    expect(run('python3', ['verify_inclusion.py', 'entry.json', 'proof.json', 'checkpoint.json']).status).toBe(1);
  });
});
