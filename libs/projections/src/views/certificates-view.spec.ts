import { NOW, recordedLog, scenario } from '../../test/scenario.js';
import { projectEvents } from '../summaries/read-model-state.js';
import { certificatesView } from './certificates-view.js';

describe('certificates view', () => {
  const state = projectEvents(recordedLog(scenario()));

  it('counts issued certificates by status at the reading time, and by application', () => {
    expect(certificatesView(state, { now: NOW })).toEqual({
      asOfPosition: state.position,
      issued: 4,
      // CERT-3 and CERT-8; CERT-6 ran out on 5 February; CERT-7 was revoked.
      active: 2,
      revoked: 1,
      expired: 1,
      byApplication: { ess: 3, ev: 0, lmt: 1, ups: 1, 'ev-charger': 1, subscription: 0, other: 0 },
    });
  });

  it('counts a certificate as expired from the instant of its validUntil', () => {
    expect(certificatesView(state, { now: new Date('2025-02-04T23:59:59.999Z') })).toMatchObject({ active: 3, expired: 0 });
    expect(certificatesView(state, { now: new Date('2025-02-05T00:00:00.000Z') })).toMatchObject({ active: 2, expired: 1 });
  });
});
