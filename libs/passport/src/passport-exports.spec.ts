import { catenaxSample, sharedSchemas } from '../test/shared-schemas.js';
import { batteryPassSource } from '../test/batterypass-source.js';
import {
  diagnosis,
  evaluation,
  handOver,
  organisation,
  receipt,
  recycled,
  registration,
  remanufactured,
  repurposed,
  reused,
  subject,
  facts,
} from '../test/histories.js';
import {
  cellpathPassport,
  hasCeased,
  passportCompleteness,
  passportUrn,
  standardDocument,
  standardExport,
  type PassportSubject,
  type SourcePassport,
} from './index.js';

const checked = [
  registration('BAT-1'),
  receipt(1),
  evaluation(2, { negativeEvents: ['overheated in transport'], numberOfFullCycles: 812 }),
  diagnosis(3),
];
const p1 = [registration('P-1'), receipt(1), evaluation(2), repurposed(5, 'S-1')];
const p2 = [registration('P-2'), receipt(1), evaluation(2), reused(3), repurposed(6, 'S-1')];
const successor = [registration('S-1', ['P-1', 'P-2']), receipt(7), evaluation(8)];
const reman = [registration('R-0'), receipt(1), evaluation(2), remanufactured(4, 'R-1')];

/** The seeded mix, each with the operator a registered organisation would give once responsibility passed. */
const MIX: Record<string, PassportSubject> = {
  original: subject(checked),
  're-used': subject([...checked, reused(4)], {}, organisation('second-life-operator', 'GridCell')),
  'repurposed successor of two': subject(successor, { 'P-1': p1, 'P-2': p2 }),
  repurposed: subject(p1, {}, organisation('second-life-operator', 'Second Grid')),
  remanufactured: subject(reman, {}, organisation('second-life-operator', 'Reman Works')),
  waste: subject([...checked, handOver(5)], {}, organisation('waste-operator', 'SungEel HiTech')),
};
const CATENAX_SOURCE: SourcePassport = { format: 'catenax-6.1.0', document: catenaxSample() };
const BATTERYPASS_SOURCE: SourcePassport = { format: 'batterypass-1.2', document: batteryPassSource() };

describe('passport identity and links', () => {
  it('given one battery, when its passport id is derived twice, then it is the same UUID URN, and another sequence gives another', () => {
    expect(passportUrn('BAT-1', 0)).toBe(passportUrn('BAT-1', 0));
    expect(passportUrn('BAT-1', 0)).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set([passportUrn('BAT-1', 0), passportUrn('BAT-1', 1), passportUrn('BAT-2', 0)]).size).toBe(3);
  });

  it('given a re-used battery, when its passport is read, then it is a new passport linked to the one before', () => {
    const { passportId, predecessorPassportIds, sequence } = MIX['re-used']!;
    expect(sequence).toBe(1);
    expect(passportId).toBe(passportUrn('BAT-1', 1));
    expect(predecessorPassportIds).toEqual([passportUrn('BAT-1', 0)]);
  });

  it('given a battery re-used then repurposed, when its passport is read, then each second-life event opened one', () => {
    expect(subject(p2).sequence).toBe(2);
    expect(subject(p2).predecessorPassportIds).toEqual([passportUrn('P-2', 1)]);
  });

  it("given a successor of two repurposed batteries, when its first passport is read, then it links to each predecessor's passport before that repurposing", () => {
    const { sequence, predecessorPassportIds } = MIX['repurposed successor of two']!;
    expect(sequence).toBe(0);
    expect(predecessorPassportIds).toEqual([passportUrn('P-1', 0), passportUrn('P-2', 1)]);
  });

  it('given a recycled battery, then its passport has ceased; a waste one has not', () => {
    expect(hasCeased(facts([...checked, handOver(5), recycled(6)]))).toBe(true);
    expect(hasCeased(facts([...checked, handOver(5)]))).toBe(false);
  });
});

describe('standard exports with an attached source', () => {
  it.each(Object.keys(MIX))(
    'given the %s battery and the Catena-X sample as source, when exported to catenax-6.1.0, then it validates against the shared schema',
    (name) => {
      const result = standardExport('catenax-6.1.0', MIX[name]!, sharedSchemas(), CATENAX_SOURCE);
      expect(result).toEqual({ ok: true, document: expect.any(Object) });
    },
  );

  it.each(Object.keys(MIX))(
    'given the %s battery and a BatteryPass source, when exported to batterypass-1.2, then every part validates against its shared schema',
    (name) => {
      const result = standardExport('batterypass-1.2', MIX[name]!, sharedSchemas(), BATTERYPASS_SOURCE);
      expect(result).toEqual({ ok: true, document: expect.any(Object) });
    },
  );

  it("given a re-used battery, when exported over the Catena-X sample, then this battery's events override the source and its registration fills nothing the source has", () => {
    const document = standardDocument('catenax-6.1.0', MIX['re-used']!, CATENAX_SOURCE) as any;
    expect(document.metadata.passportIdentifier).toBe(passportUrn('BAT-1', 1));
    expect(document.metadata.predecessor).toBe(passportUrn('BAT-1', 0));
    expect(document.metadata.economicOperatorId).toBe('BPNL00000003CML1');
    expect(document.metadata.issueDate).toBe('2026-03-05');
    expect(document.sustainability.status).toBe('re-used');
    expect(document.performance.dynamic.stateOfCharge).toEqual({ value: 45, time: '2026-03-02T12:00:00.000Z' });
    expect(document.performance.dynamic.fullCycles).toEqual({ value: 812, time: '2026-03-03T12:00:00.000Z' });
    expect(document.performance.dynamic.capacity.fade.value).toBeCloseTo(13.6);
    expect(document.performance.dynamic.resistance.remaining.pack.value).toBe(0.095);
    expect(document.performance.dynamic.negativeEvents).toEqual([
      expect.objectContaining({ content: 'overheated in transport', contentType: 'text/plain' }),
    ]);
    expect(document.commercial.placedOnMarket).toBe('2026-03-05');
    // Static: the manufacturer's own values stand.
    expect(document.identification.chemistry).toBe((catenaxSample() as any).identification.chemistry);
  });

  it("given a battery passed to an operator without a BPNL, when exported over the sample, then the manufacturer's operator id is not kept and the export names it missing", () => {
    const withoutBpnl = subject([...checked, reused(4)]);
    const result = standardExport('catenax-6.1.0', withoutBpnl, sharedSchemas(), CATENAX_SOURCE);
    expect(result).toEqual({ ok: false, missing: [{ field: 'metadata.economicOperatorId', message: 'is required and missing' }] });
  });

  it("given a re-used battery, when exported to batterypass-1.2, then status, dates and the typo field names are the model's", () => {
    const document = standardDocument('batterypass-1.2', MIX['re-used']!, BATTERYPASS_SOURCE) as any;
    expect(document.GeneralProductInformation.batteryStatus).toBe('Reused');
    expect(document.GeneralProductInformation.puttingIntoService).toBe('2026-03-05T12:00:00.000Z');
    expect(document.GeneralProductInformation.batteryPassportIdentifier).toBe(passportUrn('BAT-1', 1).replace(/-/g, ''));
    expect(document.PerformanceAndDurability.batteryCondition.remainingEnergy).toEqual({
      remainingEnergyalue: 55.3,
      lastUpdate: '2026-03-03T12:00:00.000Z',
    });
    expect(document.PerformanceAndDurability.batteryTechicalProperties.ratedEnergy).toBe(64);
    expect(document.GeneralProductInformation.operatorInformation.contactName).toBe('GridCell');
  });

  it('given no source, when a registered battery is exported to batterypass-1.2, then the registration converts (dates to date-time) but the document is not filled in', () => {
    const document = standardDocument('batterypass-1.2', subject(checked)) as any;
    expect(document.GeneralProductInformation.manufacturingDate).toBe('2021-03-15T00:00:00Z');
    expect(document.GeneralProductInformation.batteryStatus).toBe('Original');
    expect(document.CarbonFootprintForBatteries).toBeUndefined();
  });
});

describe('completeness without a source', () => {
  it.each(['catenax-6.1.0', 'batterypass-1.2'] as const)(
    'given no source, when %s is asked for, then it is refused with each missing path and no placeholder fills one',
    (format) => {
      const result = standardExport(format, MIX.original!, sharedSchemas());
      expect(result.ok).toBe(false);
      const fields = !result.ok ? result.missing.map((error) => error.field) : [];
      const expected =
        format === 'catenax-6.1.0'
          ? [
              'metadata.backupReference',
              'metadata.economicOperatorId',
              'metadata.predecessor',
              'conformity',
              'safety',
              'operation.manufacturer.manufacturer',
            ]
          : [
              'CarbonFootprintForBatteries',
              'GeneralProductInformation.warrentyPeriod',
              'PerformanceAndDurability.batteryCondition.temperatureInformation',
            ];
      expect(fields).toEqual(expect.arrayContaining(expected));
      // What the battery's own events give is not reported missing.
      expect(fields).not.toContain(format === 'catenax-6.1.0' ? 'metadata.passportIdentifier' : 'GeneralProductInformation.batteryStatus');
    },
  );

  it('given no source, when the completeness of the cellpath format is asked, then it lists the data points no event recorded', () => {
    const report = passportCompleteness('cellpath', subject([registration('BAT-9')]), sharedSchemas());
    expect(report.complete).toBe(false);
    expect(report.missing.map((m) => m.field)).toEqual(
      expect.arrayContaining(['sections.condition.stateOfHealthPct', 'sections.testReports.diagnosis']),
    );
    expect(report.missing.map((m) => m.field)).not.toContain('sections.identification.model');
  });
});

describe('tiers of the cellpath format', () => {
  const everyPoint = (passport: ReturnType<typeof cellpathPassport>) =>
    Object.values(passport.sections).flatMap((section) => Object.values(section));

  it('given no key, when the public tier is built, then no status, state of health or other battery-specific point is in it', () => {
    const passport = cellpathPassport(MIX['re-used']!, 'public');
    expect(passport.status).toBeNull();
    expect(passport.sections.condition).toBeUndefined();
    expect(passport.sections.testReports).toBeUndefined();
    expect(everyPoint(passport).every((point) => point.tier === 'public')).toBe(true);
    expect(passport.sections.performance?.ratedCapacityAh).toEqual({ value: 180, tier: 'public' });
  });

  it('given a role, when the legitimate-interest tier is built, then the condition is in it but not the test reports', () => {
    const passport = cellpathPassport(MIX['re-used']!, 'legitimate-interest');
    expect(passport.status).toBe('re-used');
    expect(passport.sections.condition?.stateOfHealthPct).toEqual({
      value: 86.4,
      tier: 'legitimate-interest',
      at: '2026-03-03T12:00:00.000Z',
    });
    expect(passport.sections.testReports).toBeUndefined();
  });

  it('given the authority tier, then the test reports are in it too', () => {
    const passport = cellpathPassport(MIX['re-used']!, 'authority');
    expect(passport.sections.testReports?.diagnosis?.tier).toBe('authority');
    expect((passport.sections.testReports?.diagnosis?.value as { verdict: string }).verdict).toBe('pass');
  });
});
