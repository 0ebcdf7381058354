import { type ReactNode, useEffect } from 'react';
import { HOME, mayUse, type ScreenPattern } from './access';
import { useI18n } from './i18n/i18n';
import { Link, matchPath, navigate, useLocation } from './router';
import { AdminScreen } from './screens/admin/admin-screen';
import { AuditScreen } from './screens/audit/audit-screen';
import { BacklogScreen } from './screens/backlog/backlog-screen';
import { CaseScreen } from './screens/cases/case-screen';
import { LeaderScreen } from './screens/leader/leader-screen';
import { LoginScreen } from './screens/login/login-screen';
import { RankingScreen } from './screens/ranking/ranking-screen';
import { AppealScreen } from './screens/snapshots/appeal-screen';
import { SnapshotScreen } from './screens/snapshots/snapshot-screen';
import { SnapshotsScreen } from './screens/snapshots/snapshots-screen';
import { useSession } from './session';
import { useKeyName } from './ui/actor';
import { NoAccessCard } from './ui/no-access';
import { Card } from './ui/parts';

interface Route {
  pattern: ScreenPattern;
  render: (params: Record<string, string>) => ReactNode;
}

const ROUTES: Route[] = [
  { pattern: '/backlog', render: () => <BacklogScreen /> },
  { pattern: '/leaders/:id/cases', render: (p) => <BacklogScreen leaderId={p.id} /> },
  { pattern: '/cases/:id', render: (p) => <CaseScreen caseId={p.id} /> },
  { pattern: '/ranking', render: () => <RankingScreen /> },
  { pattern: '/leaders/:id', render: (p) => <LeaderScreen leaderId={p.id} /> },
  { pattern: '/audit', render: () => <AuditScreen /> },
  { pattern: '/snapshots', render: () => <SnapshotsScreen /> },
  { pattern: '/snapshots/:id', render: (p) => <SnapshotScreen snapshotId={p.id} /> },
  { pattern: '/appeals/:id', render: (p) => <AppealScreen appealId={p.id} /> },
  { pattern: '/admin', render: () => <AdminScreen /> },
];

/** The screens the nav bar offers, each to the roles that may use it. */
const NAV: {
  path: ScreenPattern;
  key: 'nav.backlog' | 'nav.ranking' | 'nav.audit' | 'nav.snapshots' | 'nav.admin';
}[] = [
  { path: '/backlog', key: 'nav.backlog' },
  { path: '/ranking', key: 'nav.ranking' },
  { path: '/audit', key: 'nav.audit' },
  { path: '/snapshots', key: 'nav.snapshots' },
  { path: '/admin', key: 'nav.admin' },
];

function NavBar() {
  const { t, tx, locale, setLocale } = useI18n();
  const { principal, signOut } = useSession();
  const { path } = useLocation();
  const keyName = useKeyName();
  if (!principal) {
    return null;
  }
  const ownLeader =
    principal.role === 'leader' && principal.leaderIds.length > 0 ? principal.leaderIds[0] : null;
  const items = [
    ...NAV.filter((item) => mayUse(principal.role, item.path)).map((item) => ({
      path: item.path,
      label: t(item.key),
    })),
    ...(ownLeader ? [{ path: `/leaders/${ownLeader}`, label: t('nav.myFigures') }] : []),
  ];
  return (
    <nav className="topbar" aria-label="main">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          民
        </span>
        <span className="brand-name">{t('app.name')}</span>
        <span className="brand-tagline">{t('app.tagline')}</span>
      </div>
      <ul className="nav-links">
        {items.map((item) => (
          <li key={item.path}>
            <Link to={item.path} aria-current={path.startsWith(item.path) ? 'page' : undefined}>
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
      <div className="nav-tools">
        <span className="who" title={keyName(principal.name)}>
          <span className="who-name">{keyName(principal.name)}</span>
          <span className="who-role">
            {t('nav.signedInRole', { role: tx('role', principal.role) })}
          </span>
        </span>
        <button
          type="button"
          className="ghost"
          onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')}
          lang={locale === 'zh-CN' ? 'en' : 'zh-CN'}
        >
          {t('nav.language')}
        </button>
        <button
          type="button"
          className="ghost"
          onClick={() => {
            void signOut().then(() => navigate('/login?signedOut=1', { replace: true }));
          }}
        >
          {t('nav.signOut')}
        </button>
      </div>
    </nav>
  );
}

/** A screen this role may not use: said plainly, and nothing asked of the API. */
function NoAccess() {
  return <NoAccessCard />;
}

function NotFound() {
  const { t } = useI18n();
  return (
    <Card title={t('notFound.title')}>
      <Link to="/">{t('notFound.back')}</Link>
    </Card>
  );
}

export function App() {
  const { principal, checked } = useSession();
  const { path } = useLocation();
  const { t } = useI18n();

  useEffect(() => {
    if (!checked) {
      return;
    }
    if (!principal && path !== '/login') {
      navigate('/login', { replace: true });
    } else if (principal && (path === '/' || path === '/login')) {
      navigate(HOME[principal.role], { replace: true });
    }
  }, [checked, principal, path]);

  if (!checked) {
    return <p className="muted center">{t('common.loading')}</p>;
  }
  if (!principal || path === '/login') {
    return <LoginScreen />;
  }
  let content: ReactNode = <NotFound />;
  for (const route of ROUTES) {
    const params = matchPath(route.pattern, path);
    if (params) {
      content = mayUse(principal.role, route.pattern) ? route.render(params) : <NoAccess />;
      break;
    }
  }
  return (
    <>
      <NavBar />
      <main className="content">{content}</main>
      <footer className="footer">{t('common.beijingTime')} · UTC+08:00</footer>
    </>
  );
}
