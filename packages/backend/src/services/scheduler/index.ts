export {
  DefaultSchedulerService,
  type DefaultSchedulerServiceOptions,
} from './default-scheduler-service.js';
export { schedulerConfigSchema } from './scheduler-config.js';
export { schedulerServiceFactory } from './scheduler-service-factory.js';
export { TASK_ID_PATTERN } from './task-settings.js';
