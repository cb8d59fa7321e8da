/** The public, unauthenticated URL printed on a certificate (and held by its QR code). */
export function certificateVerifyUrl(publicBaseUrl: string, certificateId: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/api/v1/certificates/${encodeURIComponent(certificateId)}/verify`;
}
