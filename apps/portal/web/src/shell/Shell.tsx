import { CatalogSearchBox } from '@greenroom/plugin-catalog-web';
import { identityApiRef, useApi, useApp, useRouteRef } from '@greenroom/web-runtime';
import {
  Anchor,
  AppShell,
  Avatar,
  Burger,
  Group,
  Menu,
  NavLink,
  Skeleton,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { type ReactNode, Suspense } from 'react';
import { Link, useLocation } from 'react-router';
import { settingsRouteRef } from '../settings/settings-plugin.js';
import { ErrorBoundary } from './ErrorBoundary.js';
import { useSession } from './use-session.js';

function NavItem(props: { title: string; to: string }) {
  const location = useLocation();
  const active = location.pathname === props.to || location.pathname.startsWith(`${props.to}/`);
  return (
    <NavLink
      component={Link}
      to={props.to}
      label={props.title}
      active={active}
      aria-current={active ? 'page' : undefined}
    />
  );
}

/**
 * The portal's frame: header with the title, global search and user menu; a sidebar
 * with every plugin's nav items; the page in the middle.
 *
 * @example
 * <Shell title="Greenroom"><Routes>…</Routes></Shell>
 */
export function Shell(props: { title: string; children: ReactNode }) {
  const app = useApp();
  const identityApi = useApi(identityApiRef);
  const session = useSession();
  const settingsPath = useRouteRef(settingsRouteRef);
  const [opened, { toggle, close }] = useDisclosure();
  const profile = session?.response.profile;
  const name = profile?.displayName ?? session?.response.backstageIdentity.identity.userEntityRef ?? 'User';
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <a href="#main" className="greenroom-skip-link">
        Skip to content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <Anchor component={Link} to="/" fw={700} size="lg" underline="never">
              {props.title}
            </Anchor>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <CatalogSearchBox />
            <Menu position="bottom-end">
              <Menu.Target>
                <UnstyledButton aria-label={`Account menu of ${name}`}>
                  <Avatar src={profile?.picture} alt="" radius="xl" size="md">
                    {name.slice(0, 1).toUpperCase()}
                  </Avatar>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{name}</Menu.Label>
                {settingsPath ? (
                  <Menu.Item component={Link} to={settingsPath()}>
                    Settings
                  </Menu.Item>
                ) : null}
                <Menu.Item onClick={() => void identityApi.signOut()}>Sign out</Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation" onClick={close}>
        {app.navItems.map((item) => {
          const path = app.routes.resolve(item.routeRef);
          return path ? <NavItem key={item.routeRef.id} title={item.title} to={path()} /> : null;
        })}
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <ErrorBoundary>
          <Suspense fallback={<Skeleton height={320} aria-label="Loading page" />}>{props.children}</Suspense>
        </ErrorBoundary>
      </AppShell.Main>
    </AppShell>
  );
}
