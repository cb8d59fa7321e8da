/** The console's only way to the server: the public HTTP API (shared/api.md), with the signed-in key. */
export interface FieldError {
  field: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  rule?: string;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail || problem.title);
  }
}

export const API = '/api/v1';

export type Json = Record<string, unknown>;

/** The highest position a command of this console returned: views are read at least that far. */
let lastPosition: string | undefined;
export const knownPosition = (): string | undefined => lastPosition;
export function notePosition(position: unknown): void {
  if (typeof position !== 'string') return;
  if (lastPosition === undefined || BigInt(position) > BigInt(lastPosition)) lastPosition = position;
}

async function problemOf(response: Response): Promise<Problem> {
  try {
    return (await response.json()) as Problem;
  } catch {
    return { type: 'about:blank', title: response.statusText, status: response.status, detail: response.statusText };
  }
}

export class ApiClient {
  constructor(private readonly key: string) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { Authorization: `Bearer ${this.key}`, Accept: 'application/json', ...extra };
  }

  async get<T = Json>(path: string, query: Record<string, string | undefined> = {}): Promise<T> {
    const params = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1])));
    const response = await fetch(`${API}${path}${params.size > 0 ? `?${params}` : ''}`, { headers: this.headers(), cache: 'no-store' });
    if (!response.ok) throw new ApiError(await problemOf(response));
    return (await response.json()) as T;
  }

  /** A command: the Idempotency-Key makes a double click or a retry record once. */
  async post<T = Json>(path: string, body: unknown, idempotencyKey: string): Promise<T> {
    const response = await fetch(`${API}${path}`, {
      method: 'POST',
      headers: this.headers({ 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey }),
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new ApiError(await problemOf(response));
    const result = (await response.json()) as T & { position?: string };
    notePosition(result.position);
    return result;
  }

  async blob(path: string): Promise<Blob> {
    const response = await fetch(`${API}${path}`, { headers: this.headers({ Accept: '*/*' }) });
    if (!response.ok) throw new ApiError(await problemOf(response));
    return response.blob();
  }
}
