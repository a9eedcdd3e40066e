import { EntityLink, parseRef, useEntity } from '@greenroom/plugin-catalog-web';
import { identityApiRef, useApi } from '@greenroom/web-runtime';
import {
  Avatar,
  Button,
  Card,
  Group,
  type MantineColorScheme,
  SegmentedControl,
  Skeleton,
  Stack,
  Text,
  Title,
  useMantineColorScheme,
} from '@mantine/core';
import { useSession } from '../shell/use-session.js';

function Profile() {
  const session = useSession();
  const identity = session?.response.backstageIdentity.identity;
  const userRef = identity?.userEntityRef ?? '';
  const user = useEntity(parseRef(userRef, 'user'));
  const profile = (user.data?.spec?.profile ?? {}) as {
    displayName?: string;
    email?: string;
    picture?: string;
  };
  const displayName = profile.displayName ?? session?.response.profile.displayName ?? userRef;
  const email = profile.email ?? session?.response.profile.email;
  return (
    <Card withBorder component="section" aria-labelledby="profile-title">
      <Title order={2} size="h4" id="profile-title" mb="sm">
        Profile
      </Title>
      {user.isPending ? (
        <Skeleton height={60} />
      ) : (
        <Group>
          <Avatar src={profile.picture ?? session?.response.profile.picture} alt="" size="lg" radius="xl">
            {displayName.slice(0, 1).toUpperCase()}
          </Avatar>
          <Stack gap={2}>
            <Text fw={700}>{displayName}</Text>
            {email ? <Text size="sm">{email}</Text> : null}
            <Text size="sm" c="dimmed">
              Signed in as {userRef}
              {user.data ? '' : ' (not in the catalog)'}
            </Text>
            {identity && identity.ownershipEntityRefs.length > 0 ? (
              <Text size="sm">
                Owns on behalf of:{' '}
                {identity.ownershipEntityRefs.map((ref, i) => (
                  <span key={ref}>
                    {i > 0 ? ', ' : ''}
                    <EntityLink entityRef={ref} />
                  </span>
                ))}
              </Text>
            ) : null}
          </Stack>
        </Group>
      )}
    </Card>
  );
}

/**
 * User settings: profile from the user entity, theme (light, dark or the system's) and
 * sign-out (which signs out every tab).
 *
 * @example
 * <Route path="/settings" element={<SettingsPage />} />
 */
export default function SettingsPage() {
  const identityApi = useApi(identityApiRef);
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  return (
    <Stack maw={720}>
      <Title order={1}>Settings</Title>
      <Profile />
      <Card withBorder component="section" aria-labelledby="appearance-title">
        <Title order={2} size="h4" id="appearance-title" mb="sm">
          Appearance
        </Title>
        <SegmentedControl
          aria-label="Theme"
          value={colorScheme}
          onChange={(value) => setColorScheme(value as MantineColorScheme)}
          data={[
            { value: 'auto', label: 'System' },
            { value: 'light', label: 'Light' },
            { value: 'dark', label: 'Dark' },
          ]}
        />
      </Card>
      <Card withBorder component="section" aria-labelledby="session-title">
        <Title order={2} size="h4" id="session-title" mb="sm">
          Session
        </Title>
        <Group>
          <Button color="red" variant="light" onClick={() => void identityApi.signOut()}>
            Sign out
          </Button>
          <Text size="sm" c="dimmed">
            Signs you out in every tab of this browser.
          </Text>
        </Group>
      </Card>
    </Stack>
  );
}
