import type { DatabaseDialect } from '@greenroom/backend-plugin-api';
import type { Kysely } from 'kysely';
import type { CatalogDatabase } from '../../database/tables.js';
import type { EntityFilter } from '../query/entity-filter.js';
import type { ResolvedFullText } from '../query/full-text-filter.js';
import { type CountScope, countDriverRows, countEntities, countMatches } from './count-matches.js';
import { driverCandidates, type MatchDriver, type MatchPlan, planMatch } from './match-plan.js';
import { ReadCache } from './read-cache.js';

/** Default largest match set cached as a sorted list (see match-list.ts). */
export const DEFAULT_MATCH_LIST_CAP = 4_096;

/**
 * Match lists cached at most: about 100 bytes a row, so at most ~40 MB with every list
 * at the default cap, typically a few MB.
 */
const MATCH_LIST_ENTRIES = 96;

/** Options of {@link ReadPlanner}. */
export interface ReadPlannerOptions {
  /** The catalog generation cached reads depend on. */
  generation: () => number;
  /** Oldest a cached read may be (default 60 s). */
  maxAgeMs?: number;
  /** Most cached counts, facets and estimates (default 500). */
  maxEntries?: number;
  /** Largest match set cached as a sorted list (default 4096; 0 = never). */
  matchListCap?: number;
}

/**
 * The choices behind every read, with the numbers they need cached in the
 * {@link ReadCache}: which condition drives a query, how many entities a plan
 * matches, and whether a page should walk an index or collect and sort.
 *
 * Why: neither engine can be trusted to see that `kind = 'component'` matches 38 %
 * of a catalog while `spec.owner = 'team-a'` matches 0.01 % (SQLite keeps no
 * statistics unless ANALYZE ran; PostgreSQL estimates key and value independently),
 * and the wrong plan costs 100x. Capped counts of index ranges are cheap and exact enough.
 *
 * @example
 * const planner = new ReadPlanner(db, 'sqlite', { generation: () => changes.generation });
 * const plan = await planner.plan(filter, undefined);
 * const total = await planner.count(plan);
 */
export class ReadPlanner {
  readonly #db: Kysely<CatalogDatabase>;
  readonly #dialect: DatabaseDialect;
  readonly #cache: ReadCache;
  readonly #lists: ReadCache;

  /** Largest match set cached as a sorted list; 0 = never. */
  readonly matchListCap: number;
  // Driver ranges are counted up to this many rows: enough to tell whether a list fits.
  readonly #estimateCap: number;

  constructor(db: Kysely<CatalogDatabase>, dialect: DatabaseDialect, options: ReadPlannerOptions) {
    this.#db = db;
    this.#dialect = dialect;
    const age = options.maxAgeMs === undefined ? {} : { maxAgeMs: options.maxAgeMs };
    this.#cache = new ReadCache({
      generation: options.generation,
      maxEntries: options.maxEntries ?? 500,
      ...age,
    });
    // Match lists hold up to a few thousand uids each: fewer of them.
    this.#lists = new ReadCache({ generation: options.generation, maxEntries: MATCH_LIST_ENTRIES, ...age });
    this.matchListCap = options.matchListCap ?? DEFAULT_MATCH_LIST_CAP;
    this.#estimateCap = Math.max(DEFAULT_MATCH_LIST_CAP, this.matchListCap);
  }

  /** Plans a combined filter: the candidate with the smallest index range drives. */
  async plan(filter: EntityFilter | undefined, fullText: ResolvedFullText | undefined): Promise<MatchPlan> {
    const candidates = driverCandidates(filter);
    if (candidates.length <= 1) return planMatch(filter, fullText, candidates[0]);
    const sizes = await Promise.all(
      candidates.map((c) =>
        this.driverRows({ key: c.key, values: c.matches.op === 'eq' ? c.matches.values : [] }),
      ),
    );
    let best = 0;
    for (let i = 1; i < sizes.length; i++) if (sizes[i]! < sizes[best]!) best = i;
    return planMatch(filter, fullText, candidates[best]);
  }

  /** The rows of a driver's index range, counted up to a cap (cached). */
  driverRows(driver: MatchDriver): Promise<number> {
    return this.#cache.get({ driverRows: driver, cap: this.#estimateCap }, () =>
      countDriverRows(this.#db, this.#dialect, driver, this.#estimateCap),
    );
  }

  /** How many entities a plan matches within `scope` (cached). */
  count(plan: MatchPlan, scope: CountScope = {}): Promise<number> {
    if (plan.none) return Promise.resolve(0);
    return this.#cache.get(this.#countKey(plan, scope), () =>
      countMatches(this.#db, this.#dialect, plan, scope),
    );
  }

  /** Any other cached read of this catalog, e.g. facet counts. */
  cached<T>(description: unknown, compute: () => Promise<T>): Promise<T> {
    return this.#cache.get(description, compute);
  }

  /** A cached match list (see match-list.ts), in its own, smaller cache. */
  cachedList<T>(description: unknown, compute: () => Promise<T>): Promise<T> {
    return this.#lists.get(description, compute);
  }

  /** A count already computed and still valid, if any; never computes. */
  peekCount(plan: MatchPlan, scope: CountScope = {}): number | undefined {
    return plan.none ? 0 : this.#cache.peek<number>(this.#countKey(plan, scope));
  }

  /** The number of final entities (cached). */
  entityCount(): Promise<number> {
    return this.#cache.get({ entityCount: true }, () => countEntities(this.#db));
  }

  /**
   * Whether to walk an index (cost ∝ rows passed over: `rows` × entities / matches) or
   * collect the matches and sort them (cost ∝ the driver's matches, or ∝ the catalog
   * without a driver, where walking wins unless matches are very few). Uid-ordered reads with a driver
   * always walk its range, which is in uid order. The match count comes from `known`,
   * a cached count, or the driver's capped range size (an upper bound); when none is
   * available the match set is assumed large.
   */
  async strategy(
    plan: MatchPlan,
    options: { ordered: boolean; rows: number; known?: number; scope?: CountScope },
  ): Promise<'walk' | 'collect'> {
    if (!options.ordered && plan.driver) return 'walk';
    if (!plan.filter && !plan.fullText) return 'walk';
    // With a driver, collecting costs about one index entry per match; without one it
    // means reading whole key ranges (or every entity), about a tenth of a walked row each.
    const threshold = plan.driver
      ? Math.sqrt(options.rows * Math.max(await this.entityCount(), 1))
      : 10 * options.rows;
    let matches = options.known ?? this.peekCount(plan, options.scope);
    if (matches === undefined && plan.driver) {
      const rows = await this.driverRows(plan.driver);
      if (rows < this.#estimateCap) matches = rows;
    }
    return matches !== undefined && matches < threshold ? 'collect' : 'walk';
  }

  #countKey(plan: MatchPlan, scope: CountScope) {
    return { count: plan.filter ?? null, fullText: plan.fullText ?? null, scope };
  }
}
