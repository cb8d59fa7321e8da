import type { CellpathPassport } from '#libs/passport';
import { both, html, page, rows } from './html.js';

const date = (iso: unknown) => (typeof iso === 'string' ? iso.slice(0, 10) : undefined);
const point = (passport: CellpathPassport, section: string, name: string) => passport.sections[section]?.[name]?.value;

const CATEGORY: Record<string, [string, string]> = {
  ev: ['전기차 배터리', 'EV battery'],
  lmt: ['경량 운송수단 배터리', 'LMT battery'],
  industrial: ['산업용 배터리', 'Industrial battery'],
  stationary: ['에너지저장장치 배터리', 'Stationary (ESS) battery'],
};
const ROLE: Record<string, [string, string]> = {
  manufacturer: ['제조사', 'manufacturer'],
  'second-life-operator': ['재사용 사업자', 'second-life operator'],
  'waste-operator': ['폐기물 처리 사업자', 'waste operator'],
};

/** `GET /passport/{batteryId}`: the public tier only (Annex XIII point 1: model-level data, no status or state of health). */
export function publicPassportPage(passport: CellpathPassport): string {
  const category = CATEGORY[String(point(passport, 'identification', 'category'))];
  const operator = passport.economicOperator;
  const role = ROLE[operator.role]!;
  const body = html` <h1>${both('배터리 여권', 'Battery passport')}</h1>
    <p class="verdict neutral">${both('공개 정보', 'Public information')}: ${passport.batteryId}</p>
    ${rows([
      [both('여권 ID', 'Passport ID'), passport.passportId],
      [
        both('이전 여권', 'Previous passports'),
        passport.predecessorPassportIds.length > 0 ? passport.predecessorPassportIds.map((id) => html`${id}<br />`) : undefined,
      ],
      [both('책임 경제 운영자', 'Responsible economic operator'), html`${operator.name} (${role[0]} / ${role[1]})`],
    ])}
    <h2>${both('모델', 'Model')}</h2>
    ${rows([
      [both('종류', 'Category'), category ? html`${category[0]} / ${category[1]}` : undefined],
      [both('제조사', 'Manufacturer'), point(passport, 'identification', 'manufacturer') as string],
      [both('모델', 'Model'), point(passport, 'identification', 'model') as string],
      [both('화학 조성', 'Chemistry'), point(passport, 'identification', 'chemistry') as string],
      [both('제조일', 'Manufacturing date'), date(point(passport, 'identification', 'manufacturingDate'))],
      [both('제조 장소', 'Manufacturing place'), point(passport, 'identification', 'manufacturingPlace') as string],
      [both('무게', 'Mass'), `${point(passport, 'identification', 'massKg')} kg`],
    ])}
    <h2>${both('정격 성능', 'Rated performance')}</h2>
    ${rows([
      [both('정격 용량', 'Rated capacity'), `${point(passport, 'performance', 'ratedCapacityAh')} Ah`],
      [both('정격 에너지', 'Rated energy'), `${point(passport, 'performance', 'ratedEnergyKWh')} kWh`],
      [both('공칭 전압', 'Nominal voltage'), `${point(passport, 'performance', 'nominalVoltageV')} V`],
    ])}
    <footer>
      ${both(
        '상태와 건강 상태(SoH) 등 배터리별 정보는 정당한 이해관계자에게만 제공됩니다 (EU 2023/1542 부속서 XIII).',
        'Status, state of health and other battery-specific data are given to persons with a legitimate interest only (EU 2023/1542 Annex XIII).',
      )}<br />${both('이력 해시', 'History hash')}: ${passport.historyHash ?? ''}
    </footer>`;
  return page(`배터리 여권 · Battery passport ${passport.batteryId}`, body);
}

/** The passport ceased with recycling (Art. 77(8)); a scanned label still gets an answer. */
export function ceasedPassportPage(batteryId: string): string {
  return page(
    `배터리 여권 · Battery passport ${batteryId}`,
    html`<h1>${both('배터리 여권', 'Battery passport')}</h1>
      <p class="verdict bad">
        ${both('이 배터리는 재활용되어 여권이 종료되었습니다.', 'This battery has been recycled: its passport has ceased.')}
      </p>
      ${rows([[both('배터리', 'Battery'), batteryId]])}`,
  );
}

export function unknownBatteryPage(batteryId: string): string {
  return page(
    `배터리 여권 · Battery passport`,
    html`<h1>${both('배터리 여권', 'Battery passport')}</h1>
      <p class="verdict bad">${both('이 배터리는 등록되어 있지 않습니다.', 'No battery with this id is registered here.')}</p>
      ${rows([[both('배터리', 'Battery'), batteryId]])}`,
  );
}
