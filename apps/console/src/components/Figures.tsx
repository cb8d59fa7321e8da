import type { ReactNode } from 'react';
import { useI18n } from '../i18n';

/** A labelled number; `id` names it for tests and for people comparing with the view's JSON. */
export function Figure({ id, label, value, suffix }: { id: string; label: string; value: number | null | undefined; suffix?: string }) {
  const { number } = useI18n();
  return (
    <div className="figure">
      <dt>{label}</dt>
      <dd data-testid={id} data-value={value ?? ''}>
        {number(value)}
        {suffix && value !== null && value !== undefined ? suffix : ''}
      </dd>
    </div>
  );
}

export function Card({ title, children, wide }: { title: string; children: ReactNode; wide?: boolean }) {
  const id = `card-${title.replace(/\W+/g, '-')}`;
  return (
    <section className={wide ? 'card wide' : 'card'} aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

export function Problem({ error }: { error: { message: string } | undefined }) {
  const { t } = useI18n();
  return error ? (
    <p className="problem" role="alert">
      {t('error')}: {error.message}
    </p>
  ) : null;
}
