import type { ApiHarness } from './api-harness.js';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition (comments skipped). */
export function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) continue;
    const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, key, value]) => [key, value]));
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** GET /metrics with the admin key, parsed; `value(name, labels)` is the one matching sample's value, or undefined. */
export async function scrape(api: Pick<ApiHarness, 'http' | 'bearer'>) {
  const response = await api.http.get('/metrics').set(api.bearer('admin')).expect(200);
  const samples = parseExposition(response.text);
  return {
    response,
    samples,
    value(name: string, labels: Record<string, string> = {}): number | undefined {
      return samples.find((s) => s.name === name && Object.entries(labels).every(([key, value]) => s.labels[key] === value))?.value;
    },
  };
}
