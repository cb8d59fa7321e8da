import {
  batteryEvent,
  DEFAULT_GRADE_THRESHOLDS,
  InvalidGradingPolicy,
  parseGradingPolicy,
  type BatteryEvaluatedData,
} from '#libs/lifecycle';
import { given } from './given-when-then.js';
import { command, event, NOW } from './fixtures.js';

const received = [event.registered(), event.received()];

function gradeOf(...args: Parameters<typeof command.evaluate>): BatteryEvaluatedData {
  const [evaluated] = given(...received)
    .when(command.evaluate(...args))
    .thenAccepted();
  return evaluated.data as BatteryEvaluatedData;
}

describe('evaluation records the measurements, the grade and the thresholds used', () => {
  it('stores every field of the body plus grade, thresholds and disqualifiers', () => {
    given(...received)
      .when(
        command.evaluate({
          stateOfHealthPct: 81.5,
          remainingEnergyKWh: 52,
          internalResistanceMOhm: 95,
          selfDischargePctPerMonth: 2,
          cellVoltageSpreadMV: 18,
          insulationResistanceMOhm: 450,
          numberOfFullCycles: 900,
          negativeEvents: ['deep discharge 2023'],
        }),
      )
      .then([
        batteryEvent('BatteryEvaluated', NOW, {
          method: 'full-capacity-test',
          stateOfHealthPct: 81.5,
          remainingCapacityAh: 155,
          visualInspection: 'pass',
          remainingEnergyKWh: 52,
          internalResistanceMOhm: 95,
          selfDischargePctPerMonth: 2,
          cellVoltageSpreadMV: 18,
          insulationResistanceMOhm: 450,
          numberOfFullCycles: 900,
          negativeEvents: ['deep discharge 2023'],
          grade: 'A',
          thresholds: DEFAULT_GRADE_THRESHOLDS,
          disqualifiers: [],
        }),
      ]);
  });

  it('refuses out-of-range measurements (400)', () => {
    given(...received)
      .when(command.evaluate({ stateOfHealthPct: 101, remainingCapacityAh: -1, numberOfFullCycles: 1.5 }))
      .thenInvalid('stateOfHealthPct', 'remainingCapacityAh', 'numberOfFullCycles');
  });
});

describe('grading by state of health (defaults A ≥ 80, B ≥ 60, else C)', () => {
  it.each([
    [100, 'A'],
    [80, 'A'],
    [79.99, 'B'],
    [60, 'B'],
    [59.99, 'C'],
    [0, 'C'],
  ] as const)('SoH %d %% is grade %s', (stateOfHealthPct, grade) => {
    expect(gradeOf({ stateOfHealthPct }).grade).toBe(grade);
  });
});

describe('disqualifiers send a battery to grade C whatever its state of health', () => {
  it('a failed visual inspection', () => {
    expect(gradeOf({ stateOfHealthPct: 95, visualInspection: 'fail' })).toMatchObject({
      grade: 'C',
      disqualifiers: ['visual-inspection-failed'],
    });
  });

  it('insulation below the minimum (1 MΩ by default); at the minimum is fine', () => {
    expect(gradeOf({ insulationResistanceMOhm: 0.5 })).toMatchObject({ grade: 'C', disqualifiers: ['insulation-below-minimum'] });
    expect(gradeOf({ insulationResistanceMOhm: 1 }).grade).toBe('A');
  });

  it('a damaged-critical hazard class from the receipt', () => {
    const [evaluated] = given(event.registered(), event.received({ hazardClass: 'damaged-critical' }))
      .when(command.evaluate({ stateOfHealthPct: 95 }))
      .thenAccepted();
    expect(evaluated.data).toMatchObject({ grade: 'C', disqualifiers: ['damaged-critical'] });
  });

  it('lists every disqualifier that applies', () => {
    expect(gradeOf({ visualInspection: 'fail', insulationResistanceMOhm: 0 }).disqualifiers).toEqual([
      'visual-inspection-failed',
      'insulation-below-minimum',
    ]);
  });
});

describe('grading policy from configuration, overridable per chemistry', () => {
  const policy = parseGradingPolicy(
    JSON.stringify({
      default: { gradeAMinStateOfHealthPct: 85 },
      byChemistry: { LFP: { gradeBMinStateOfHealthPct: 50, minInsulationResistanceMOhm: 5 } },
    }),
  );

  it('merges partial defaults over the built-in ones', () => {
    expect(policy.default).toEqual({ ...DEFAULT_GRADE_THRESHOLDS, gradeAMinStateOfHealthPct: 85 });
  });

  it('grades with, and records, the thresholds of the battery chemistry', () => {
    const [evaluated] = given(event.registered({ chemistry: 'LFP' }), event.received())
      .when(command.evaluate({ stateOfHealthPct: 55 }), { gradingPolicy: policy })
      .thenAccepted();
    expect(evaluated.data).toMatchObject({
      grade: 'B',
      thresholds: { gradeAMinStateOfHealthPct: 85, gradeBMinStateOfHealthPct: 50, minInsulationResistanceMOhm: 5 },
    });
  });

  it('other chemistries keep the defaults', () => {
    const [evaluated] = given(...received)
      .when(command.evaluate({ stateOfHealthPct: 82 }), { gradingPolicy: policy })
      .thenAccepted();
    expect(evaluated.data).toMatchObject({ grade: 'B', thresholds: policy.default });
  });

  it('accepts an empty policy as the defaults', () => {
    expect(parseGradingPolicy({})).toEqual({ default: DEFAULT_GRADE_THRESHOLDS, byChemistry: {} });
  });

  it.each([
    ['not JSON', '{'],
    ['not an object', '[]'],
    ['an unknown key', { defaults: {} }],
    ['an unknown chemistry', { byChemistry: { NiMH: {} } }],
    ['an unknown threshold', { default: { gradeDMin: 1 } }],
    ['a non-number', { default: { gradeAMinStateOfHealthPct: '80' } }],
    ['a negative number', { default: { minInsulationResistanceMOhm: -1 } }],
    ['B above A', { default: { gradeBMinStateOfHealthPct: 90 } }],
    ['B above A after a chemistry override', { byChemistry: { NMC: { gradeAMinStateOfHealthPct: 50 } } }],
    ['A above 100', { default: { gradeAMinStateOfHealthPct: 101 } }],
  ])('rejects %s', (_, json) => {
    expect(() => parseGradingPolicy(json)).toThrow(InvalidGradingPolicy);
  });
});
