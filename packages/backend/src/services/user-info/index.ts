export { DefaultUserInfoService, type DefaultUserInfoServiceOptions } from './default-user-info-service.js';
export { userInfoServiceFactory } from './user-info-service-factory.js';
