import { DURATION_DESCRIPTION, durationSchema } from '@greenroom/config';
import { z } from 'zod';

const HOST_PATTERN = /^(?:\*\.)?(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

const allowEntrySchema = z.object({
  host: z
    .string()
    .regex(
      HOST_PATTERN,
      "use a host name with an optional port: 'example.com', '*.example.com' or 'localhost:8080'",
    )
    .describe(
      "A host that may be read: 'example.com' (exactly, default port), '*.example.com' (any subdomain) or 'localhost:8080' (with port).",
    ),
  paths: z
    .array(z.string().startsWith('/', "paths start with '/', e.g. '/catalog/'"))
    .min(1)
    .optional()
    .describe("Only URLs whose path starts with one of these, e.g. ['/catalog/']. Default: any path."),
});

/**
 * The `backend.reading` config block: which URLs the URL reader may fetch over plain
 * HTTP(S), and how much and how long it may read.
 *
 * @example
 * // app-config.yaml
 * // backend:
 * //   reading:
 * //     allow:
 * //       - host: docs.example.com
 * //       - host: '*.internal.example.com'
 * //         paths: ['/catalog/']
 */
export const urlReaderConfigSchema = z
  .object({
    allow: z
      .array(allowEntrySchema)
      .default([])
      .describe('Hosts (and optionally path prefixes) the URL reader may fetch. Anything else is refused.'),
    maxSize: z
      .number()
      .int()
      .positive()
      .default(20 * 1024 * 1024)
      .describe('The largest response body, in bytes, that is read (after decompression). Default 20 MiB.'),
    timeout: durationSchema
      .refine((ms) => ms > 0, 'the timeout must be longer than 0')
      // AbortSignal.timeout() fires at once for longer delays.
      .refine(
        (ms) => ms <= 2 ** 31 - 1,
        'the timeout must be at most 24 days, the longest a Node.js timer supports',
      )
      .prefault('60s')
      .describe(
        `How long one read may take in total, including redirects (default '60s'; at most 24 days). ${DURATION_DESCRIPTION}`,
      ),
  })
  .prefault({})
  .describe('Reading files from URLs, e.g. catalog-info.yaml files registered as locations.');

export type UrlReaderConfig = z.output<typeof urlReaderConfigSchema>;
export type ReadingAllowEntry = z.output<typeof allowEntrySchema>;
