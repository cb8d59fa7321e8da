import { createRequire } from 'node:module';

/**
 * Noto Sans KR (SIL Open Font License 1.1) covers Hangul and Latin, so one family renders both
 * languages. Resolved through the package rather than a relative path, so the same lookup works
 * from source under Jest and from dist/.
 */
export function hangulFontFiles(): { regular: string; bold: string } {
  const require = createRequire(import.meta.url);
  return {
    regular: require.resolve('@expo-google-fonts/noto-sans-kr/400Regular/NotoSansKR_400Regular.ttf'),
    bold: require.resolve('@expo-google-fonts/noto-sans-kr/700Bold/NotoSansKR_700Bold.ttf'),
  };
}
