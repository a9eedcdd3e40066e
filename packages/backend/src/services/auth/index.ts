export { authServiceFactory, createAuthServiceFactory } from './auth-service-factory.js';
export { MAX_AUTHORIZATION_HEADER_LENGTH, readBearerToken } from './bearer-token.js';
export { createCredentials } from './credentials.js';
export { DefaultAuthService } from './default-auth-service.js';
export { DefaultHttpAuthService } from './default-http-auth-service.js';
export { httpAuthServiceFactory } from './http-auth-service-factory.js';
export type { TokenHandler } from './token-handler.js';
