import { identityApiRef, useApi } from '@greenroom/web-runtime';
import { Center, Loader } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { SignInPage } from './SignInPage.js';
import { useSession } from './use-session.js';

/**
 * Shows the app only to a signed-in user: first tries to resume the last session
 * (refresh cookie), otherwise shows the sign-in page. Cached data is dropped on sign-out.
 *
 * @example
 * <SessionGate title="Greenroom"><Shell /></SessionGate>
 */
export function SessionGate(props: { title: string; children: ReactNode }) {
  const identityApi = useApi(identityApiRef);
  const queryClient = useQueryClient();
  const session = useSession();
  const [restoring, setRestoring] = useState(true);
  const wasSignedIn = useRef(false);

  useEffect(() => {
    let cancelled = false;
    identityApi.restore().finally(() => {
      if (!cancelled) setRestoring(false);
    });
    return () => {
      cancelled = true;
    };
  }, [identityApi]);

  useEffect(() => {
    if (session) wasSignedIn.current = true;
    else if (wasSignedIn.current) {
      wasSignedIn.current = false;
      // Drop the signed-out user's data, but not the sign-in page's own queries.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'auth' });
    }
  }, [session, queryClient]);

  if (!session && restoring) {
    return (
      <Center mih="100vh">
        <Loader aria-label="Signing in" />
      </Center>
    );
  }
  if (!session) return <SignInPage title={props.title} />;
  return <>{props.children}</>;
}
