import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useSession } from '../auth/session-context.ts';
import { Link } from '../router/link.tsx';
import { EnvironmentBar } from './environment-bar.tsx';

const NAV = [
  { href: '/dashboards', label: 'Dashboards' },
  { href: '/insights', label: 'Insights' },
  { href: '/web', label: 'Web analytics' },
  { href: '/feature_flags', label: 'Feature flags' },
  { href: '/change_requests', label: 'Change requests' },
  { href: '/experiments', label: 'Experiments' },
  { href: '/early_access_features', label: 'Early access' },
  { href: '/cohorts', label: 'Cohorts' },
  { href: '/persons', label: 'Persons' },
  { href: '/groups', label: 'Groups' },
  { href: '/events', label: 'Live events' },
  { href: '/annotations', label: 'Annotations' },
  { href: '/data-management', label: 'Data management' },
  { href: '/activity', label: 'Activity' },
  { href: '/settings', label: 'Settings' },
  { href: '/members', label: 'Members' },
];

export function AppShell({ path, children }: { path: string; children: ComponentChildren }) {
  const session = useSession();
  // At phone width the links fold behind a menu button (CSS shows the button); opening a page folds them again.
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  useEffect(() => setMenuOpen(false), [path]);
  return (
    <div class="shell">
      <nav
        class={menuOpen ? 'sidebar menu-open' : 'sidebar'}
        aria-label="Main"
        onKeyDown={(e) => {
          if (e.key !== 'Escape' || !menuOpen) return;
          setMenuOpen(false);
          menuButton.current?.focus();
        }}
      >
        <div class="sidebar-top">
          <div class="brand">
            <img src="/favicon.svg" alt="" width={22} height={22} /> Signpost
          </div>
          <div class="project-name" title="Project">
            {session.project.name}
          </div>
          <button
            type="button"
            class="btn small menu-button"
            ref={menuButton}
            aria-expanded={menuOpen}
            aria-controls="main-menu"
            onClick={() => setMenuOpen(!menuOpen)}
          >
            Menu
          </button>
        </div>
        <div class="sidebar-menu" id="main-menu">
          <ul>
            {NAV.map((item) => {
              const current = path === item.href || path.startsWith(`${item.href}/`);
              return (
                <li key={item.href}>
                  <Link
                    href={item.href}
                    class={current ? 'nav active' : 'nav'}
                    aria-current={current ? 'page' : undefined}
                  >
                    {item.label}
                  </Link>
                </li>
              );
            })}
          </ul>
          <div class="sidebar-foot">
            <Link
              href="/account"
              class={path === '/account' ? 'nav active' : 'nav'}
              aria-current={path === '/account' ? 'page' : undefined}
            >
              My account
            </Link>
            <span class="muted small" title={session.email}>
              {session.email}
            </span>
            <button type="button" class="btn small ghost" onClick={session.signOut}>
              Sign out
            </button>
          </div>
        </div>
      </nav>
      <main class="content">
        <EnvironmentBar />
        {children}
      </main>
    </div>
  );
}
