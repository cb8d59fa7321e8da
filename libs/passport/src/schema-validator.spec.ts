import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { batteryPassSource } from '../test/batterypass-source.js';
import { catenaxSample, SHARED_SCHEMAS_DIR, sharedSchemas } from '../test/shared-schemas.js';
import { readJsonFile } from './index.js';

describe('source and export validation against the shared schemas', () => {
  it('given a BatteryPass schema file in UTF-16LE with a BOM, when read, then it parses as the draft-04 schema it is', () => {
    const path = join(SHARED_SCHEMAS_DIR, 'batterypass-1.2', 'PerformanceAndDurability-schema.json');
    expect([...readFileSync(path).subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(readJsonFile(path)).toMatchObject({
      $schema: 'http://json-schema.org/draft-04/schema',
      required: ['batteryTechicalProperties', 'batteryCondition'],
    });
  });

  it('given the published Catena-X sample and the BatteryPass fixture, when validated, then neither has an error', () => {
    expect(sharedSchemas().validate('catenax-6.1.0', catenaxSample())).toEqual([]);
    expect(sharedSchemas().validate('batterypass-1.2', batteryPassSource())).toEqual([]);
  });

  it('given a Catena-X document with a bad passport id and no handling, when validated as a request body, then each error is a dotted path under `document`', () => {
    const document = catenaxSample() as any;
    document.metadata.passportIdentifier = 'not-a-uuid';
    delete document.handling;
    const fields = sharedSchemas()
      .validate('catenax-6.1.0', document, ['document'])
      .map((error) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['document.metadata.passportIdentifier', 'document.handling']));
  });

  it('given a BatteryPass document with an unknown part, a missing part and a wrong enum, when validated, then each is named', () => {
    const { Labeling: _dropped, ...rest } = batteryPassSource();
    const document = {
      ...rest,
      Extra: {},
      GeneralProductInformation: { ...(rest.GeneralProductInformation as object), batteryStatus: 'Used' },
    };
    const fields = sharedSchemas()
      .validate('batterypass-1.2', document, ['document'])
      .map((error) => error.field);
    expect(fields).toEqual(
      expect.arrayContaining(['document.Extra', 'document.Labeling', 'document.GeneralProductInformation.batteryStatus']),
    );
  });

  it('given a non-object BatteryPass document, then the document itself is the error', () => {
    expect(sharedSchemas().validate('batterypass-1.2', [], ['document'])).toEqual([
      { field: 'document', message: expect.stringContaining('object keyed') },
    ]);
  });
});
