import { setFlagsFromString } from 'node:v8';

/**
 * V8 flags the portal sets for its own process, first thing on start (before the backend's
 * modules load), so that they hold however the process is started.
 *
 * `--no-allocation-site-pretenuring`: V8 may conclude, from a burst of survivals while the
 * heap is still small (the first requests after a start), that the objects one allocation
 * site creates live long, and allocate them in the old generation from then on. When that
 * site is the database client's rows, every entity string a response reads is referenced
 * from old objects, survives each young collection and is promoted: on PostgreSQL at
 * 100,000 entities, by-refs at concurrency 16 then promoted 2.1 GB in 10 s instead of
 * 0.2 GB, and the process spent 0.6–0.7 ms of CPU per request instead of 0.4, in about
 * three starts out of four. See docs/decisions/0002-catalog-engine.md (session 14).
 *
 * `--heap-growing-percent=100`: after each full collection V8 lets the old generation grow
 * to at most twice what survived, instead of up to four times. A 100,000-entity load
 * leaves a limit sized for its peak, and the garbage of the reads that follow (objects
 * promoted while a response is in flight) then piled up to that limit: RSS 351–370 MiB
 * after the load and 413–492 MiB after the benchmark's reads on SQLite, against 284 and
 * 281 MiB with the flag; the load's peak fell from 600–700 to 454 MiB. Ingest time and
 * CPU per request did not change measurably. See docs/decisions/0002-catalog-engine.md
 * (session 18).
 */
const PORTAL_V8_FLAGS: readonly string[] = ['--no-allocation-site-pretenuring', '--heap-growing-percent=100'];

for (const flag of PORTAL_V8_FLAGS) setFlagsFromString(flag);
