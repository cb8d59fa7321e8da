import { lazy, Suspense, useEffect, useState, type FormEvent } from 'react';
import { ApiError } from './api';
import { useI18n, type Lang } from './i18n';
import { Batteries } from './pages/Batteries';
import { Work } from './pages/Work';
import { href, useRoute } from './route';
import { forgetKey, READ_ONLY_ROLES, signIn, storedKey, type Session } from './session';

// The charts (ECharts, most of the bundle) load after sign-in, so the sign-in form comes first.
const Dashboard = lazy(() => import('./pages/Dashboard').then((module) => ({ default: module.Dashboard })));
const Battery = lazy(() => import('./pages/Battery').then((module) => ({ default: module.Battery })));

function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  const languages: { lang: Lang; label: string }[] = [
    { lang: 'ko', label: '한국어' },
    { lang: 'en', label: 'English' },
  ];
  return (
    <div className="lang" role="group" aria-label={t('language')}>
      {languages.map((option) => (
        <button
          key={option.lang}
          type="button"
          lang={option.lang}
          aria-pressed={lang === option.lang}
          onClick={() => setLang(option.lang)}
          data-lang={option.lang}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}

function SignIn({ onSession }: { onSession(session: Session): void }) {
  const { t } = useI18n();
  const [key, setKey] = useState('');
  const [error, setError] = useState<string>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      onSession(await signIn(key.trim()));
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.problem.detail : String(caught));
    }
  };
  return (
    <main className="sign-in">
      <h1>{t('appName')}</h1>
      <form onSubmit={submit}>
        <h2>{t('signIn.title')}</h2>
        <label htmlFor="api-key">{t('signIn.key')}</label>
        <input
          id="api-key"
          name="apiKey"
          type="password"
          autoComplete="off"
          value={key}
          onChange={(event) => setKey(event.target.value)}
          required
          aria-describedby="api-key-hint"
        />
        <p id="api-key-hint" className="muted">
          {t('signIn.hint')}
        </p>
        <button type="submit" className="primary">
          {t('signIn.submit')}
        </button>
        {error && (
          <p className="problem" role="alert" data-testid="sign-in-error">
            {t('signIn.failed')}: {error}
          </p>
        )}
      </form>
      <LanguageSwitch />
    </main>
  );
}

function Shell({ session, onSignOut }: { session: Session; onSignOut(): void }) {
  const { t, tv } = useI18n();
  const route = useRoute();
  const page = route.path[0] ?? 'dashboard';
  const writes = session.roles.some((role) => !READ_ONLY_ROLES.includes(role));
  const links = [
    { id: 'dashboard', label: t('nav.dashboard') },
    { id: 'batteries', label: t('nav.batteries') },
    ...(writes ? [{ id: 'work', label: t('nav.work') }] : []),
  ];
  return (
    <>
      <header className="top">
        <a className="brand" href={href(['dashboard'])}>
          {t('appName')}
        </a>
        <nav aria-label={t('nav.main')}>
          {links.map((link) => (
            <a
              key={link.id}
              href={href([link.id])}
              aria-current={page === link.id || (page === 'battery' && link.id === 'batteries') ? 'page' : undefined}
              data-nav={link.id}
            >
              {link.label}
            </a>
          ))}
        </nav>
        <span className="who" data-testid="roles">
          {t('signedInAs')}: {session.roles.map((role) => tv('role', role)).join(', ')}
        </span>
        <LanguageSwitch />
        <button type="button" onClick={onSignOut}>
          {t('signOut')}
        </button>
      </header>
      <main>
        <Suspense fallback={<p>{t('loading')}</p>}>
          {page === 'battery' && route.path[1] ? (
            <Battery key={route.path[1]} session={session} batteryId={route.path[1]} />
          ) : page === 'batteries' ? (
            <Batteries session={session} />
          ) : page === 'work' && writes ? (
            <Work session={session} route={route} />
          ) : (
            <Dashboard session={session} />
          )}
        </Suspense>
      </main>
    </>
  );
}

export function App() {
  const { t } = useI18n();
  const [session, setSession] = useState<Session>();
  const [restoring, setRestoring] = useState(() => storedKey() !== null);
  useEffect(() => {
    const key = storedKey();
    if (!key) return;
    signIn(key)
      .then(setSession)
      .catch(forgetKey)
      .finally(() => setRestoring(false));
  }, []);
  if (restoring) return <p>{t('loading')}</p>;
  if (!session) return <SignIn onSession={setSession} />;
  return (
    <Shell
      session={session}
      onSignOut={() => {
        forgetKey();
        setSession(undefined);
      }}
    />
  );
}
