import { createRequire } from 'node:module';

/**
 * Noto Sans KR (SIL Open Font License 1.1, `libs/certificates/fonts/OFL.txt`) covers Hangul,
 * Latin and the Hanja forms of CJK ideographs, so one family renders the labels and the
 * manufacturer and model names a centre types. The two weights used are kept in the repository; the package's
 * `#fonts/*` import resolves them from source under Jest and from dist/ alike.
 */
export function hangulFontFiles(): { regular: string; bold: string } {
  const require = createRequire(import.meta.url);
  return {
    regular: require.resolve('#fonts/NotoSansKR-Regular.ttf'),
    bold: require.resolve('#fonts/NotoSansKR-Bold.ttf'),
  };
}
