/**
 * `cellpath import`: sends a transfer bundle (from `GET /api/v1/batteries/{id}/bundle` on the
 * origin instance) to `POST /api/v1/imports` of a running instance, which checks it and creates the
 * battery there. Exit 0 imported (2xx), 1 refused or unreachable (the answer printed), 2 usage or
 * a file that is not JSON.
 */
import { readFileSync } from 'node:fs';
import { EXIT } from '../outcome.js';
import { report } from '../program-parts.js';
import { readJson } from '../read-json.js';

interface ImportOptions {
  url: URL;
  key: string;
  idempotencyKey?: string;
  json?: boolean;
}

/** The problem+json lines a person reads: title, detail, then each field and reason. */
function refusalLines(status: number, body: any): string[] {
  const head = `import refused: ${status}${body?.title ? ` ${body.title}` : ''}${body?.detail ? `: ${body.detail}` : ''}`;
  const errors: { field?: string; message?: string }[] = Array.isArray(body?.errors) ? body.errors : [];
  return [head, ...errors.map((error) => `  - ${error.field ?? '(bundle)'}: ${error.message ?? ''}`)];
}

export async function importBundle(file: string, options: ImportOptions): Promise<number> {
  // Checked here so a wrong path or a truncated download is a usage error, not the server's 400;
  // the bytes are sent as they are, not re-serialised.
  readJson(file, 'bundle');
  const bytes = readFileSync(file);
  const endpoint = new URL('api/v1/imports', options.url.href.endsWith('/') ? options.url : `${options.url.href}/`);
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${options.key}`,
        'content-type': 'application/json',
        accept: 'application/json, application/problem+json',
        ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
      },
      body: bytes,
    });
  } catch (error) {
    throw new Error(`cannot reach ${endpoint.href}: ${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}`);
  }
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (a proxy's error page): shown as text.
  }
  const imported = response.ok;
  report(options.json, { status: response.status, body }, () =>
    imported
      ? [`imported ${(body as any)?.batteryId}: revision ${(body as any)?.revision}, position ${(body as any)?.position}`]
      : refusalLines(response.status, body),
  );
  return imported ? EXIT.ok : EXIT.failed;
}
