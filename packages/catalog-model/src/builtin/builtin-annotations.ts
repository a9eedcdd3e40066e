import type { MetadataKeyDeclaration } from '../model/model-fragment.js';

/**
 * The well-known annotations. None constrains its value: Backstage accepts any string in
 * every one of them, and so must we.
 */
export const builtinAnnotations: MetadataKeyDeclaration[] = [
  {
    key: 'backstage.io/managed-by-location',
    description: 'Set by the catalog: the location (<type>:<target>) the entity was read from.',
  },
  {
    key: 'backstage.io/managed-by-origin-location',
    description: 'Set by the catalog: the location of the registration that led to the entity.',
  },
  {
    key: 'backstage.io/source-location',
    description:
      "Where the entity's source lives, e.g. url:https://github.com/acme/shop/tree/main/ (folders end with /).",
  },
  { key: 'backstage.io/view-url', description: 'A link to view the entity file.' },
  { key: 'backstage.io/edit-url', description: 'A link to edit the entity file.' },
  {
    key: 'backstage.io/orphan',
    description: 'Set by the catalog to "true" when no location provides the entity any more.',
  },
  {
    key: 'backstage.io/techdocs-ref',
    description: 'Where the documentation source is: dir:. (relative to this file) or url:<...>.',
  },
  {
    key: 'backstage.io/techdocs-entity',
    description: 'An entity ref whose documentation to show for this entity.',
  },
  { key: 'backstage.io/source-template', description: 'The ref of the template that created the entity.' },
  { key: 'backstage.io/code-coverage', description: 'Code coverage reporting: scm-only or enabled.' },
  {
    key: 'backstage.io/kubernetes-id',
    description: 'Matches the entity with Kubernetes objects labelled with this id.',
  },
  { key: 'backstage.io/ldap-rdn', description: 'Set by LDAP ingestion: the relative distinguished name.' },
  { key: 'backstage.io/ldap-uuid', description: 'Set by LDAP ingestion: the object UUID.' },
  { key: 'backstage.io/ldap-dn', description: 'Set by LDAP ingestion: the distinguished name.' },
  { key: 'github.com/project-slug', description: 'The GitHub repository as <owner>/<repo>.' },
  { key: 'github.com/team-slug', description: 'The GitHub team as <org>/<team>.' },
  { key: 'github.com/user-login', description: 'The GitHub login of a user.' },
  {
    key: 'jenkins.io/job-full-name',
    description: 'The full name of the Jenkins job, optionally <instance>:<job>.',
  },
  {
    key: 'sonarqube.org/project-key',
    description: 'The SonarQube project key, optionally <instance>/<key>.',
  },
  { key: 'sentry.io/project-slug', description: 'The Sentry project slug.' },
  { key: 'rollbar.com/project-slug', description: 'The Rollbar project as [<org>/]<project>.' },
  { key: 'circleci.com/project-slug', description: 'The CircleCI project as <vcs>/<org>/<repo>.' },
  { key: 'gocd.org/pipelines', description: 'Comma-separated GoCD pipeline names.' },
  { key: 'periskop.io/service-name', description: 'The Periskop service name.' },
  { key: 'vault.io/secrets-path', description: "The Vault path holding the entity's secrets." },
  { key: 'graph.microsoft.com/tenant-id', description: 'Set by Microsoft Graph ingestion: the tenant id.' },
  { key: 'graph.microsoft.com/group-id', description: 'Set by Microsoft Graph ingestion: the group id.' },
  { key: 'graph.microsoft.com/user-id', description: 'Set by Microsoft Graph ingestion: the user id.' },
  {
    key: 'kubernetes.io/api-server',
    description: 'The API server URL of a Kubernetes cluster (Resource entities).',
  },
  {
    key: 'kubernetes.io/api-server-certificate-authority',
    description: 'The CA certificate of that API server.',
  },
  {
    key: 'kubernetes.io/auth-provider',
    description: 'How to authenticate to that cluster, e.g. serviceAccount, google.',
  },
  { key: 'backstage.io/github-actions-id', description: 'Deprecated: use github.com/project-slug.' },
  {
    key: 'backstage.io/definition-at-location',
    description: 'Deprecated: use $text substitution in spec.definition.',
  },
  { key: 'jenkins.io/github-folder', description: 'Deprecated: use jenkins.io/job-full-name.' },
];
