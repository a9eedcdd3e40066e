/**
 * The SaaS OAuth 2.0 sign-in providers. Each comes as a registration (for tests and
 * custom wiring) and a backend module (to `backend.add`).
 *
 * @example
 * import { authModuleGithubProvider, authModuleGoogleProvider } from '@greenroom/plugin-auth-backend';
 * backend.add(authModuleGithubProvider);
 * backend.add(authModuleGoogleProvider);
 */
export {
  type AtlassianConfig,
  atlassianAuthProvider,
  atlassianConfigSchema,
  authModuleAtlassianProvider,
} from './atlassian/atlassian-provider.js';
export {
  authModuleBitbucketProvider,
  type BitbucketConfig,
  bitbucketAuthProvider,
  bitbucketConfigSchema,
} from './bitbucket/bitbucket-provider.js';
export {
  authModuleGithubProvider,
  type GithubConfig,
  githubAuthProvider,
  githubConfigSchema,
} from './github/github-provider.js';
export {
  authModuleGitlabProvider,
  type GitlabConfig,
  gitlabAuthProvider,
  gitlabConfigSchema,
} from './gitlab/gitlab-provider.js';
export {
  authModuleGoogleProvider,
  type GoogleConfig,
  googleAuthProvider,
  googleConfigSchema,
} from './google/google-provider.js';
export {
  authModuleMicrosoftProvider,
  type MicrosoftConfig,
  microsoftAuthProvider,
  microsoftConfigSchema,
} from './microsoft/microsoft-provider.js';
export {
  authModuleOneloginProvider,
  type OneloginConfig,
  oneloginAuthProvider,
  oneloginConfigSchema,
} from './onelogin/onelogin-provider.js';
