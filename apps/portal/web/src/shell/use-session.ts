import { identityApiRef, type Session, useApi } from '@greenroom/web-runtime';
import { useSyncExternalStore } from 'react';

/**
 * The current session, re-rendering on sign-in, refresh and sign-out (in any tab).
 *
 * @example
 * const session = useSession();
 * session?.response.profile.displayName;
 */
export function useSession(): Session | undefined {
  const identityApi = useApi(identityApiRef);
  return useSyncExternalStore(
    (onChange) => identityApi.subscribe(onChange),
    () => identityApi.getSession(),
  );
}
