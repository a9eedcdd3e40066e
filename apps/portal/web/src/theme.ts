import { createTheme } from '@mantine/core';

/**
 * Greenroom's Mantine theme. Colours meet WCAG AA contrast in light and dark schemes.
 *
 * @example
 * <MantineProvider theme={greenroomTheme} defaultColorScheme="auto">…</MantineProvider>
 */
export const greenroomTheme = createTheme({
  colors: {
    // Teal, with shades 6–9 dark enough for AA text contrast on white (links, light badges).
    greenroom: [
      '#e6fcf5',
      '#c3fae8',
      '#96f2d7',
      '#63e6be',
      '#38d9a9',
      '#20c997',
      '#0b7a5a',
      '#0a6e51',
      '#086148',
      '#06543e',
    ],
  },
  primaryColor: 'greenroom',
  primaryShade: { light: 6, dark: 8 },
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
});
