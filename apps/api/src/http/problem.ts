/** RFC 9457 problem details, the body of every 4xx/5xx this API sends. */
export interface FieldError {
  field: string;
  message: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const TYPE_BASE = 'https://cellpath.dev/problems/';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface ProblemOptions {
  /** Field errors of a 400 (`errors[]`). */
  errors?: FieldError[];
  /** Response headers, e.g. `retry-after`, `www-authenticate`. */
  headers?: Record<string, string>;
  /** Extension members of the problem body, e.g. `rule`, `currentRevision`. */
  extensions?: Record<string, unknown>;
}

/** Thrown anywhere in the HTTP layer; the exception filter renders it verbatim. */
export class ProblemException extends Error {
  readonly errors?: FieldError[];
  readonly headers: Record<string, string>;
  readonly extensions: Record<string, unknown>;

  constructor(
    readonly status: number,
    /** Short machine-readable slug appended to the type URI, e.g. "validation", "rule/slot-occupied". */
    readonly slug: string,
    detail: string,
    { errors, headers = {}, extensions = {} }: ProblemOptions = {},
  ) {
    super(detail);
    this.errors = errors;
    this.headers = headers;
    this.extensions = extensions;
  }

  toProblem(): ProblemDetails {
    return problem(this.status, this.slug, this.message, this.errors, this.extensions);
  }

  /** Re-raises a problem exactly as first sent (idempotent replays of a rejected command). */
  static replay(details: ProblemDetails): ProblemException {
    return new (class extends ProblemException {
      override toProblem(): ProblemDetails {
        return details;
      }
    })(details.status, '', details.detail);
  }
}

/** The slug a problem was made with (`store-unavailable`, `view-behind`). */
export function problemSlug({ type }: ProblemDetails): string {
  return type.startsWith(TYPE_BASE) ? type.slice(TYPE_BASE.length) : type;
}

export function problem(
  status: number,
  slug: string,
  detail: string,
  errors?: FieldError[],
  extensions: Record<string, unknown> = {},
): ProblemDetails {
  return {
    type: TYPE_BASE + slug,
    title: TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error'),
    status,
    detail,
    ...(errors ? { errors } : {}),
    ...extensions,
  };
}

export const badRequest = (detail: string, errors?: FieldError[]) => new ProblemException(400, 'validation', detail, { errors });
