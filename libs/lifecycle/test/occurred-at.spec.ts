import { given, givenStorage } from './given-when-then.js';
import { BATTERY, certified, command, event, NOW, siteEvents, T } from './fixtures.js';

const received = [event.registered(), event.received()];

describe('occurredAt: defaults to now, may be earlier, never later (400)', () => {
  it('defaults to now', () => {
    const [evaluated] = given(...received)
      .when(command.evaluate())
      .thenAccepted();
    expect(evaluated.occurredAt).toBe(NOW);
  });

  it('keeps a past time, normalised to UTC with milliseconds', () => {
    const [diagnosed] = given(...received)
      .when(command.diagnose({ occurredAt: '2025-03-01T09:30:00+09:00' }))
      .thenAccepted();
    expect(diagnosed.occurredAt).toBe('2025-03-01T00:30:00.000Z');
  });

  it('accepts exactly now', () => {
    given(...received)
      .when(command.evaluate({ occurredAt: NOW }))
      .thenAccepted();
  });

  it('refuses a future occurredAt', () => {
    given(...received)
      .when(command.evaluate({ occurredAt: '2025-06-01T12:00:00.001Z' }))
      .thenInvalid('occurredAt');
  });

  it.each(['yesterday', '2025-05-01', '2025-05-01T10:00:00', '2025-02-30T10:00:00Z'])('refuses %j', (occurredAt) => {
    given(...received)
      .when(command.receive({ occurredAt }))
      .thenInvalid('occurredAt');
  });

  it('a late entry of an older fact is accepted', () => {
    given(...received, event.evaluated())
      .when(command.evaluate({ occurredAt: '2024-01-01T00:00:00Z' }))
      .thenAccepted();
  });
});

describe('occurredAt not before the manufacturingDate (400, field occurredAt)', () => {
  const made = event.registered().data.manufacturingDate;
  const dayBefore = '2018-02-28T23:59:59.999Z';
  const stored = () => [...received, event.stored()];

  it.each([
    ['a receipt', () => given(event.registered()).when(command.receive({ occurredAt: '1900-01-01T00:00:00Z' }))],
    ['an evaluation', () => given(...received).when(command.evaluate({ occurredAt: dayBefore }))],
    ['a diagnosis', () => given(...received).when(command.diagnose({ occurredAt: dayBefore }))],
    ['a second life', () => given(...certified()).when(command.secondLife({ occurredAt: dayBefore }))],
    ['a hand-over', () => given(...received).when(command.handOver({ occurredAt: dayBefore }))],
    ['a recycling outcome', () => given(...received, event.handedOver()).when(command.recyclingOutcome({ occurredAt: dayBefore }))],
  ])('refuses %s dated before it', (_, decision) => {
    const invalid = decision().thenInvalid('occurredAt');
    expect(invalid.errors[0]!.message).toBe(`must not be before the battery's manufacturingDate (${made})`);
  });

  it('refuses storage and release dated before it', () => {
    givenStorage(received, [siteEvents.created()])
      .when(command.store({ occurredAt: dayBefore }))
      .thenInvalid('occurredAt');
    givenStorage(stored(), [siteEvents.created(), siteEvents.occupied()])
      .when(command.release({ occurredAt: dayBefore }))
      .thenInvalid('occurredAt');
  });

  it('accepts the manufacturing day itself, from its first instant (UTC)', () => {
    given(event.registered())
      .when(command.receive({ occurredAt: `${made}T00:00:00Z` }))
      .thenAccepted();
  });

  it('ranks above lookups and rules (400 before 404 and 409), once the battery is known', () => {
    givenStorage(received, [])
      .when(command.store({ occurredAt: dayBefore }))
      .thenInvalid('occurredAt');
    given(...received, event.handedOver(), event.recycled())
      .when(command.receive({ occurredAt: dayBefore }))
      .thenInvalid('occurredAt');
    given()
      .when(command.receive({ occurredAt: dayBefore }))
      .thenNotFound('battery', BATTERY);
  });
});

describe('rule diagnosis-before-evaluation (409)', () => {
  const evaluated = () => [...received, event.evaluated()];

  it('refuses a diagnosis dated before the latest evaluation', () => {
    const violation = given(...evaluated())
      .when(command.diagnose({ occurredAt: '2025-01-12T07:59:59.999Z' }))
      .thenViolates('diagnosis-before-evaluation');
    expect(violation.detail).toContain(T.evaluated);
  });

  it('compares with the latest evaluation, not an earlier one', () => {
    const later = event.evaluated();
    const reEvaluated = [...evaluated(), { ...later, occurredAt: '2025-03-01T00:00:00.000Z' }];
    given(...reEvaluated)
      .when(command.diagnose({ occurredAt: '2025-02-01T00:00:00Z' }))
      .thenViolates('diagnosis-before-evaluation');
  });

  it('accepts a diagnosis at the same instant or after, and any diagnosis before a first evaluation', () => {
    given(...evaluated())
      .when(command.diagnose({ occurredAt: T.evaluated }))
      .thenAccepted();
    given(...evaluated())
      .when(command.diagnose())
      .thenAccepted();
    given(...received)
      .when(command.diagnose({ occurredAt: '2019-01-01T00:00:00Z' }))
      .thenAccepted();
  });

  it('so a certificate always rests on an evaluation, then a diagnosis, in time order', () => {
    const [diagnosis] = given(...evaluated())
      .when(command.diagnose({ occurredAt: T.evaluated }))
      .thenAccepted();
    const state = given(...evaluated(), diagnosis!).state;
    expect(state.registered && state.latestDiagnosis!.occurredAt >= state.latestEvaluation!.occurredAt).toBe(true);
  });
});

describe('diagnosis content (400)', () => {
  it('needs at least one test', () => {
    given(...received)
      .when(command.diagnose({ tests: [] }))
      .thenInvalid('tests');
  });

  it('cannot pass when a test failed', () => {
    given(...received)
      .when(
        command.diagnose({
          tests: [
            { name: 'capacity', result: 'pass' },
            { name: 'insulation', result: 'fail' },
          ],
          verdict: 'pass',
        }),
      )
      .thenInvalid('verdict');
  });

  it('may fail although every test passed (the evaluator judges)', () => {
    given(...received)
      .when(command.diagnose({ verdict: 'fail' }))
      .thenAccepted();
  });

  it('reports test fields by index', () => {
    given(...received)
      .when(command.diagnose({ tests: [{ name: 'dcir', result: 'pass', value: Number.NaN, unit: '' }] }))
      .thenInvalid('tests.0.value', 'tests.0.unit');
  });
});
