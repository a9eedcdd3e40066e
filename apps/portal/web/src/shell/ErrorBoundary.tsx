import { Alert, Button, Stack } from '@mantine/core';
import { Component, type ReactNode } from 'react';

/**
 * Catches render errors of a page so the rest of the app keeps working.
 *
 * @example
 * <ErrorBoundary><Page /></ErrorBoundary>
 */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error?: Error }> {
  override state: { error?: Error } = {};

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <Alert color="red" title="This page failed to load" role="alert">
        <Stack gap="sm" align="start">
          {this.state.error.message}
          <Button size="xs" variant="default" onClick={() => this.setState({ error: undefined })}>
            Try again
          </Button>
        </Stack>
      </Alert>
    );
  }
}
