import type { Database, Migration, SqlExecutor } from '#libs/database';
import { runMigrations } from '#libs/database';
import { adoptIntoSharedSet, readLedger, sameLedger, withCurrentKey, writeLedger, type PublicKeyLedger } from './public-key-ledger.js';

export interface PublicKey {
  kid: string;
  x: string;
}

/** Where the key a process signs with comes from, for the set's decision and its messages. */
export interface SigningKeyOrigin {
  /** From CERT_SIGNING_KEY rather than made up in DATA_DIR. */
  configured: boolean;
  /** How a refusal names the key ("CERT_SIGNING_KEY", the key file's path). */
  label: string;
}

/**
 * The public keys a deployment publishes (JWKS) and checks signatures against: every key that
 * ever signed, the current one first. Private keys never go in it.
 */
export interface PublishedKeySet {
  /** Publishes `key` as one this process signs with, or throws `SigningKeyRefused` (the shared set's rules). */
  adopt(key: PublicKey, origin: SigningKeyOrigin): Promise<void>;
  /** Adds `key` as active and retires nothing: a rotation's first step, so no key signs before it is published. */
  publish(key: PublicKey): Promise<void>;
  /** Marks `kid` retired: still published, so what it signed keeps verifying, but it signs no more. */
  retire(kid: string): Promise<void>;
  /** Active keys first, then retired ones, newest first. */
  keys(): Promise<PublicKeyLedger>;
}

const activeEntry = (key: PublicKey, now: Date) => ({ kid: key.kid, x: key.x, activatedAt: now.toISOString(), retiredAt: null });

/**
 * The embedded store's set: `<DATA_DIR>/certificate-keys/public-keys.json`, owned by the one
 * process holding DATA_DIR. The key it is started with becomes the current one, retiring the
 * others: a swapped CERT_SIGNING_KEY retires the key it replaced.
 */
export class LedgerFileKeySet implements PublishedKeySet {
  private constructor(
    private readonly path: string,
    private readonly now: () => Date,
    private ledger: PublicKeyLedger,
  ) {}

  static async open(path: string, now: () => Date): Promise<LedgerFileKeySet> {
    return new LedgerFileKeySet(path, now, await readLedger(path));
  }

  async adopt(key: PublicKey): Promise<void> {
    await this.replace(withCurrentKey(this.ledger, key, this.now()));
  }

  async publish(key: PublicKey): Promise<void> {
    await this.replace([activeEntry(key, this.now()), ...this.ledger.filter((entry) => entry.kid !== key.kid)]);
  }

  async retire(kid: string): Promise<void> {
    const at = this.now().toISOString();
    await this.replace(this.ledger.map((entry) => (entry.kid === kid && entry.retiredAt === null ? { ...entry, retiredAt: at } : entry)));
  }

  async keys(): Promise<PublicKeyLedger> {
    return this.ledger;
  }

  private async replace(ledger: PublicKeyLedger): Promise<void> {
    if (!sameLedger(this.ledger, ledger)) await writeLedger(this.path, ledger);
    this.ledger = ledger;
  }
}

/** Shared with the API's certificate directory, whose ids differ. */
export const CERTIFICATE_KEY_MIGRATION_NAMESPACE = 'certificates';

export const CERTIFICATE_KEY_MIGRATIONS: Migration[] = [
  {
    id: '001-certificate-signing-keys',
    sql: `
      CREATE TABLE IF NOT EXISTS certificate_signing_keys (
        kid text PRIMARY KEY,
        x text NOT NULL,
        activated_at timestamptz NOT NULL,
        retired_at timestamptz
      );
    `,
  },
];

/** Serialises processes adopting or publishing keys at the same moment (two first starts, a start during a rotation). */
const KEY_SET_LOCK = 7_301_185_113;

interface KeyRow {
  kid: string;
  x: string;
  activated_at: Date;
  retired_at: Date | null;
}

async function readRows(db: SqlExecutor): Promise<PublicKeyLedger> {
  const { rows } = await db.query<KeyRow>(
    'select kid, x, activated_at, retired_at from certificate_signing_keys order by retired_at is not null, activated_at desc, kid',
  );
  return rows.map((row) => ({
    kid: row.kid,
    x: row.x,
    activatedAt: row.activated_at.toISOString(),
    retiredAt: row.retired_at?.toISOString() ?? null,
  }));
}

/** The database's set as it stands, read only: a database no process signed on yet has none. */
export async function readDatabaseKeySet(db: SqlExecutor): Promise<PublicKeyLedger> {
  const { rows } = await db.query<{ present: boolean }>("select to_regclass('certificate_signing_keys') is not null as present");
  return rows[0]?.present ? readRows(db) : [];
}

/**
 * The set every process on one database shares (with DATABASE_URL): the JWKS and `/verify` of
 * every process read it, so they agree whichever process signed. Read on every call: another
 * process may have joined or rotated since.
 */
export class DatabaseKeySet implements PublishedKeySet {
  private constructor(
    private readonly db: Database,
    private readonly localLedgerPath: string,
    private readonly now: () => Date,
  ) {}

  /** `localLedgerPath`: this process's DATA_DIR ledger, brought into a set still empty (the first start after an upgrade). */
  static async open(db: Database, localLedgerPath: string, now: () => Date): Promise<DatabaseKeySet> {
    await runMigrations(db, CERTIFICATE_KEY_MIGRATION_NAMESPACE, CERTIFICATE_KEY_MIGRATIONS);
    return new DatabaseKeySet(db, localLedgerPath, now);
  }

  async adopt(key: PublicKey, origin: SigningKeyOrigin): Promise<void> {
    const local = await readLedger(this.localLedgerPath);
    await this.db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [KEY_SET_LOCK]);
      const shared = await readRows(tx);
      const next = adoptIntoSharedSet(shared, { ...key, describe: origin.label }, origin.configured, local, this.now());
      for (const entry of next) {
        await tx.query(
          `insert into certificate_signing_keys (kid, x, activated_at, retired_at) values ($1, $2, $3, $4)
           on conflict (kid) do update set retired_at = excluded.retired_at`,
          [entry.kid, entry.x, entry.activatedAt, entry.retiredAt],
        );
      }
    });
  }

  async publish(key: PublicKey): Promise<void> {
    await this.db.query('insert into certificate_signing_keys (kid, x, activated_at) values ($1, $2, $3) on conflict (kid) do nothing', [
      key.kid,
      key.x,
      this.now().toISOString(),
    ]);
  }

  async retire(kid: string): Promise<void> {
    await this.db.query('update certificate_signing_keys set retired_at = $2 where kid = $1 and retired_at is null', [
      kid,
      this.now().toISOString(),
    ]);
  }

  keys(): Promise<PublicKeyLedger> {
    return readRows(this.db);
  }
}
