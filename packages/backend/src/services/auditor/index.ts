export {
  type AuditActor,
  type AuditRequest,
  describeAuditRequest,
  resolveAuditActor,
} from './audit-actor.js';
export { type AuditorConfig, auditorConfigSchema } from './auditor-config.js';
export { auditorServiceFactory } from './auditor-service-factory.js';
export {
  type AuditEventStatus,
  DefaultAuditorService,
  type DefaultAuditorServiceOptions,
} from './default-auditor-service.js';
