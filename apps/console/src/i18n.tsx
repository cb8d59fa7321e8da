import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { MESSAGES, type MessageKey } from './messages';

export type Lang = 'ko' | 'en';

export interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  /** A value from a value set (`stage`, `hazardClass`, …): its label, or the value itself for codes (NMC, A). */
  tv(set: string, value: string): string;
  /** A body field's label, dotted paths included (`materials.lithiumKg`, `tests.0.name`). */
  tf(path: string): string;
  number(value: number | null | undefined): string;
  dateTime(iso: string | null | undefined): string;
}

const LANG_KEY = 'cellpath.console.lang';
const Context = createContext<I18n | undefined>(undefined);

function lookup(lang: Lang, key: string): string | undefined {
  const entry = (MESSAGES as Record<string, readonly [string, string]>)[key];
  return entry && entry[lang === 'ko' ? 0 : 1];
}

function makeI18n(lang: Lang, setLang: (lang: Lang) => void): I18n {
  const t = (key: MessageKey, params: Record<string, string | number> = {}) =>
    lookup(lang, key)!.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
  const tv = (set: string, value: string) => lookup(lang, `${set}.${value}`) ?? value;
  const tf = (path: string) => {
    const parts = path.split('.');
    const element = /^(\w+)Kg$/.exec(parts[1] ?? '');
    if ((parts[0] === 'materials' || parts[0] === 'recovered') && element)
      return `${lookup(lang, `field.${parts[0]}`)}: ${tv('element', element[1]!)}`;
    const leaf = parts.findLast((part) => !/^\d+$/.test(part))!;
    return lookup(lang, `field.${leaf}`) ?? path;
  };
  const numbers = new Intl.NumberFormat(lang === 'ko' ? 'ko-KR' : 'en-GB', { maximumFractionDigits: 2 });
  const dates = new Intl.DateTimeFormat(lang === 'ko' ? 'ko-KR' : 'en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });
  return {
    lang,
    setLang,
    t,
    tv,
    tf,
    number: (value) => (value === null || value === undefined ? '–' : numbers.format(value)),
    dateTime: (iso) => (iso ? `${dates.format(new Date(iso))} UTC` : '–'),
  };
}

export function I18nProvider({ children }: { children: ReactNode }) {
  // Korean first: the centre's staff read Korean; the choice (not a secret) is remembered.
  const [lang, setLang] = useState<Lang>(() => (localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'ko'));
  useEffect(() => {
    localStorage.setItem(LANG_KEY, lang);
    document.documentElement.lang = lang;
    document.title = lookup(lang, 'appName')!;
  }, [lang]);
  const value = useMemo(() => makeI18n(lang, setLang), [lang]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(Context);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
