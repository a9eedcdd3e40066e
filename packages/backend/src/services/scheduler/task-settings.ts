import type { HumanDuration, TaskDefinition, TaskFrequency } from '@greenroom/backend-plugin-api';
import { durationToMillis } from '@greenroom/config';
import { InputError } from '@greenroom/errors';
import { z } from 'zod';
import { type Cadence, describeCadence, parseCadence } from './cadence.js';

/** Task ids: a letter or digit, then up to 199 letters, digits, `.`, `_`, `:` or `-`. */
export const TASK_ID_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9._:-]{0,199}$/;

/** A validated task definition, with its durations in milliseconds. */
export interface TaskSettings {
  readonly id: string;
  readonly scope: 'global' | 'local';
  readonly cadence: Cadence;
  readonly timeoutMs: number;
  readonly initialDelayMs: number;
  /** As given, for `getScheduledTasks()`. */
  readonly frequency: TaskFrequency;
  readonly timeout: HumanDuration;
  readonly fn: TaskDefinition['fn'];
  readonly signal?: AbortSignal;
}

const taskDefinitionShape = z.object({
  id: z.string().regex(TASK_ID_PATTERN, {
    error: 'must match ^[a-zA-Z0-9][a-zA-Z0-9._:-]{0,199}$ (letters, digits, and . _ : - after the first)',
  }),
  scope: z.enum(['global', 'local']).default('global'),
  frequency: z.unknown(),
  timeout: z.unknown(),
  initialDelay: z.unknown().optional(),
  fn: z.custom<TaskDefinition['fn']>((value) => typeof value === 'function', { error: 'must be a function' }),
  signal: z.instanceof(AbortSignal, { error: 'must be an AbortSignal' }).optional(),
});

/**
 * Validates a task definition. Every problem is an `InputError` that names the task
 * and the field, e.g. `Invalid task 'refresh': frequency: 'bad' is not a valid cron expression`.
 *
 * @example
 * const settings = parseTaskSettings({ id: 'refresh', frequency: { minutes: 5 }, timeout: 'PT1M', fn });
 * settings.cadence; // { type: 'interval', intervalMs: 300000 }
 */
export function parseTaskSettings(task: TaskDefinition): TaskSettings {
  const name = typeof task?.id === 'string' ? `'${task.id.slice(0, 200)}'` : '(without an id)';
  const fail = (field: string, message: string): never => {
    throw new InputError(`Invalid task ${name}: ${field}: ${message}`);
  };
  const shape = taskDefinitionShape.safeParse(task);
  if (!shape.success) {
    const issue = shape.error.issues[0]!;
    return fail(issue.path.join('.') || 'definition', issue.message);
  }
  const { id, scope, fn, signal } = shape.data;
  const attempt = <T>(field: string, parse: () => T): T => {
    try {
      return parse();
    } catch (error) {
      return fail(field, (error as Error).message);
    }
  };
  const cadence = attempt('frequency', () => parseCadence(task.frequency));
  const timeoutMs = attempt('timeout', () => durationToMillis(task.timeout));
  if (timeoutMs <= 0) fail('timeout', 'must be longer than zero');
  const initialDelayMs =
    task.initialDelay === undefined ? 0 : attempt('initialDelay', () => durationToMillis(task.initialDelay!));
  return {
    id,
    scope,
    cadence,
    timeoutMs,
    initialDelayMs,
    frequency: task.frequency,
    timeout: task.timeout,
    fn,
    ...(signal ? { signal } : {}),
  };
}

/**
 * The settings stored with a global task, as JSON. A change of `cadence` between
 * deployments makes the scheduler recompute the task's next run time.
 *
 * @example
 * storedSettingsJson(settings); // '{"version":1,"cadence":"interval:300000","timeoutMs":60000,...}'
 */
export function storedSettingsJson(settings: TaskSettings): string {
  return JSON.stringify({
    version: 1,
    cadence: describeCadence(settings.cadence),
    timeoutMs: settings.timeoutMs,
    initialDelayMs: settings.initialDelayMs,
  });
}

/** The cadence description inside stored settings JSON, or undefined when unreadable. */
export function storedCadence(settingsJson: string): string | undefined {
  try {
    const parsed = JSON.parse(settingsJson) as { cadence?: unknown };
    return typeof parsed.cadence === 'string' ? parsed.cadence : undefined;
  } catch {
    return undefined;
  }
}
