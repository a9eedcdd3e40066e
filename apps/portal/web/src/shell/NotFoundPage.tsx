import { Anchor, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

/**
 * Shown for a path no page handles.
 *
 * @example
 * <Route path="*" element={<NotFoundPage />} />
 */
export function NotFoundPage() {
  return (
    <Stack>
      <Title order={1}>Page not found</Title>
      <Text>There is nothing at this address. It may have moved, or the link may be mistyped.</Text>
      <Anchor component={Link} to="/">
        Go to the home page
      </Anchor>
    </Stack>
  );
}
