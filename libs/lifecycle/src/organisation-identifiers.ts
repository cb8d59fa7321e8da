/*
 * Identifier formats of an economic operator whose check rules are published, so a typo is a 400
 * rather than an operator no registry knows.
 */

/** Catena-X business partner number of a legal entity (the pattern of the Battery Pass 6.1.0 schema). */
export const BPNL_PATTERN = /^BPNL[A-Za-z0-9]{12}$/;

const LEI_SHAPE = /^[A-Z0-9]{18}[0-9]{2}$/;

/**
 * ISO 17442 legal entity identifier: 18 alphanumerics and two check digits under ISO 7064
 * MOD 97-10 (letters as 10–35, the whole number mod 97 is 1), as for an IBAN.
 */
export function isLei(value: string): boolean {
  if (!LEI_SHAPE.test(value)) return false;
  let remainder = 0;
  for (const character of value) {
    const digits = Number.parseInt(character, 36).toString();
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

const KR_BUSINESS_NUMBER = /^[0-9]{10}$/;
const KR_WEIGHTS = [1, 3, 7, 1, 3, 7, 1, 3, 5] as const;

/**
 * Korean business registration number (사업자등록번호, `XXX-XX-XXXXX`, written here without
 * hyphens): the National Tax Service check digit. Weights 1 3 7 1 3 7 1 3 5 on the first nine
 * digits, plus the tens of the ninth digit × 5; the tenth digit is (10 − sum mod 10) mod 10.
 */
export function isKrBusinessNumber(value: string): boolean {
  if (!KR_BUSINESS_NUMBER.test(value)) return false;
  const digits = [...value].map(Number);
  const weighted = KR_WEIGHTS.reduce((sum, weight, index) => sum + weight * digits[index]!, 0);
  const sum = weighted + Math.floor((digits[8]! * 5) / 10);
  return (10 - (sum % 10)) % 10 === digits[9];
}
