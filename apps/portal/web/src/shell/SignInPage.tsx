import { identityApiRef, useApi } from '@greenroom/web-runtime';
import { Alert, Button, Center, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';

/**
 * The sign-in page: one button per provider the auth plugin offers (guest included
 * when enabled). Guest signs in directly; other providers open a popup.
 *
 * @example
 * <SignInPage title="Greenroom" />
 */
export function SignInPage(props: { title: string }) {
  const identityApi = useApi(identityApiRef);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState<string | undefined>();
  const providers = useQuery({ queryKey: ['auth', 'providers'], queryFn: () => identityApi.getProviders() });
  const signIn = async (providerId: string) => {
    setBusy(providerId);
    setError(undefined);
    try {
      await identityApi.signIn(providerId);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w={380}>
        <Stack>
          <Title order={1} size="h2">
            Sign in to {props.title}
          </Title>
          {providers.isPending ? <Skeleton height={36} /> : null}
          {providers.error ? (
            <Alert color="red" title="Sign-in is unavailable">
              The portal could not list sign-in providers. Check that the auth plugin is installed, then
              reload.
            </Alert>
          ) : null}
          {providers.data?.providers.length === 0 ? (
            <Alert title="No sign-in providers">
              No sign-in provider is configured. Add one under auth.providers in app-config.yaml.
            </Alert>
          ) : null}
          {providers.data?.providers.map((provider) => (
            <Button
              key={provider.id}
              variant={provider.id === 'guest' ? 'default' : 'filled'}
              loading={busy === provider.id}
              disabled={busy !== undefined}
              onClick={() => void signIn(provider.id)}
            >
              {provider.id === 'guest' ? 'Enter as guest' : `Sign in with ${provider.title}`}
            </Button>
          ))}
          {error ? (
            <Alert color="red" title="Sign-in failed" role="alert">
              {error}
            </Alert>
          ) : null}
          {providers.data ? (
            <Text size="xs" c="dimmed">
              Environment: {providers.data.environment}
            </Text>
          ) : null}
        </Stack>
      </Paper>
    </Center>
  );
}
