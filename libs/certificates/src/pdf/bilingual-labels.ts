import type { Application, BatteryCategory, BatteryLevel, EvaluationMethod, Grade, Verdict } from '../certificate-document.js';

/** Every printed label is "Korean / English"; the signed data itself stays in its codes. */
export const TITLE = '재사용 인증서 / Reuse Certificate';

export const SECTIONS = {
  battery: '배터리 / Battery',
  evidence: '평가 및 진단 근거 / Evidence',
  certification: '인증 / Certification',
  signature: '전자 서명 / Digital signature',
} as const;

export const LABELS = {
  certificateId: '인증서 번호 / Certificate ID',
  batteryId: '배터리 식별자 / Battery ID',
  manufacturer: '제조사 / Manufacturer',
  model: '모델 / Model',
  serialNumber: '일련번호 / Serial number',
  manufacturingDate: '제조일 / Manufacturing date',
  chemistry: '화학 조성 / Chemistry',
  category: '분류 / Category',
  level: '단위 / Level',
  ratedCapacityAh: '정격 용량 / Rated capacity',
  ratedEnergyKWh: '정격 에너지 / Rated energy',
  nominalVoltageV: '공칭 전압 / Nominal voltage',
  remainingCapacityAh: '잔존 용량 / Remaining capacity',
  remainingEnergyKWh: '잔존 에너지 / Remaining energy',
  grade: '등급 / Grade',
  stateOfHealthPct: '건강 상태 / State of health',
  evaluationMethod: '평가 방법 / Evaluation method',
  evaluatedAt: '평가 일시 / Evaluated at',
  internalResistanceMOhm: '내부 저항 / Internal resistance',
  diagnosisVerdict: '진단 판정 / Diagnosis verdict',
  tests: '진단 시험 / Tests',
  diagnosedAt: '진단 일시 / Diagnosed at',
  standard: '적용 기준 / Standard',
  applications: '허용 용도 / Permitted applications',
  issuedAt: '발급 일시 / Issued at',
  validUntil: '유효 기한 / Valid until',
  issuer: '발급자 / Issuer',
  batteryRevision: '이력 리비전 / Battery revision',
  historyHash: '이력 해시 / History hash',
  algorithm: '서명 알고리즘 / Algorithm',
  keyId: '서명 키 식별자 / Signing key ID',
  fingerprint: '서명 지문 / Signature fingerprint',
  verifyUrl: '검증 주소 / Verify URL',
  revokedAt: '폐지 일시 / Revoked at',
  revocationReason: '폐지 사유 / Reason',
} as const;

/** Printed across the top of a revoked certificate, so a printout cannot pass for a valid one. */
export const REVOKED = '폐지됨 / REVOKED';

export const QR_CAPTION = '스캔하여 검증 / Scan to verify';
export const FOOTER =
  '이 인증서는 검증 주소에서, 또는 공개 키(JWKS)로 오프라인에서 서명을 확인할 수 있습니다. ' +
  'The signature can be checked at the verify URL, or offline against the published keys (JWKS).';

const APPLICATIONS: Record<Application, string> = {
  ess: '에너지 저장 장치',
  ev: '전기차',
  lmt: '경량 이동수단',
  ups: '무정전 전원 장치',
  'ev-charger': '전기차 충전기',
  subscription: '구독 배터리',
  other: '기타',
};

const CATEGORIES: Record<BatteryCategory, string> = {
  ev: '전기차',
  industrial: '산업용',
  lmt: '경량 이동수단',
  stationary: '고정형',
};

const LEVELS: Record<BatteryLevel, string> = { pack: '팩', module: '모듈', cell: '셀' };

/** Korea's 상/중/하 scheme maps onto A/B/C (shared/domain.md, Grading). */
const GRADES: Record<Grade, string> = { A: '상', B: '중', C: '하' };

const VERDICTS: Record<Verdict, string> = { pass: '적합', fail: '부적합' };

const METHODS: Record<EvaluationMethod, string> = {
  'full-capacity-test': '완전 충방전 용량 시험',
  'bms-data': 'BMS 데이터',
  hppc: '복합 펄스 출력 시험',
  eis: '전기화학 임피던스 분광',
  other: '기타',
};

const both = (korean: string, code: string) => `${korean} / ${code}`;

export const applicationName = (application: Application) => both(APPLICATIONS[application], application);
export const categoryName = (category: BatteryCategory) => both(CATEGORIES[category], category);
export const levelName = (level: BatteryLevel) => both(LEVELS[level], level);
export const gradeName = (grade: Grade) => `${grade} (${GRADES[grade]})`;
export const verdictName = (verdict: Verdict) => both(VERDICTS[verdict], verdict);
export const methodName = (method: EvaluationMethod) => both(METHODS[method], method);
