import { given } from './given-when-then.js';
import { command, event, NOW } from './fixtures.js';

const received = [event.registered(), event.received()];

describe('occurredAt: defaults to now, may be earlier, never later (400)', () => {
  it('defaults to now', () => {
    const [evaluated] = given(...received).when(command.evaluate()).thenAccepted();
    expect(evaluated.occurredAt).toBe(NOW);
  });

  it('keeps a past time, normalised to UTC with milliseconds', () => {
    const [diagnosed] = given(...received).when(command.diagnose({ occurredAt: '2025-03-01T09:30:00+09:00' })).thenAccepted();
    expect(diagnosed.occurredAt).toBe('2025-03-01T00:30:00.000Z');
  });

  it('accepts exactly now', () => {
    given(...received).when(command.evaluate({ occurredAt: NOW })).thenAccepted();
  });

  it('refuses a future occurredAt', () => {
    given(...received).when(command.evaluate({ occurredAt: '2025-06-01T12:00:00.001Z' })).thenInvalid('occurredAt');
  });

  it.each(['yesterday', '2025-05-01', '2025-05-01T10:00:00', '2025-02-30T10:00:00Z'])('refuses %j', (occurredAt) => {
    given(...received).when(command.receive({ occurredAt })).thenInvalid('occurredAt');
  });

  it('rules follow stream order, not occurredAt: a late entry of an older fact is accepted', () => {
    given(...received, event.evaluated()).when(command.diagnose({ occurredAt: '2024-01-01T00:00:00Z' })).thenAccepted();
  });
});

describe('diagnosis content (400)', () => {
  it('needs at least one test', () => {
    given(...received).when(command.diagnose({ tests: [] })).thenInvalid('tests');
  });

  it('cannot pass when a test failed', () => {
    given(...received)
      .when(command.diagnose({ tests: [{ name: 'capacity', result: 'pass' }, { name: 'insulation', result: 'fail' }], verdict: 'pass' }))
      .thenInvalid('verdict');
  });

  it('may fail although every test passed (the evaluator judges)', () => {
    given(...received).when(command.diagnose({ verdict: 'fail' })).thenAccepted();
  });

  it('reports test fields by index', () => {
    given(...received)
      .when(command.diagnose({ tests: [{ name: 'dcir', result: 'pass', value: Number.NaN, unit: '' }] }))
      .thenInvalid('tests.0.value', 'tests.0.unit');
  });
});
