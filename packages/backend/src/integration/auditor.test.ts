import { describe, expect, it } from 'vitest';
import { vaultPlugin } from './fixtures/vault-plugin.js';
import { staticTokenAuth } from './support/static-token-auth.js';
import { useTestBackends } from './support/test-backends.js';

const backends = useTestBackends();
const TOKEN = 'auditor-test-token';
const auth = { authorization: `Bearer ${TOKEN}`, 'user-agent': 'integration-test/1.0' };

describe('audit events from a route', () => {
  it('are logged with the actor, the request and the outcome', async () => {
    const backend = await backends.start({ features: [staticTokenAuth(TOKEN, 'external:ci'), vaultPlugin] });
    const res = await backend.request('/api/vault/secrets/db-password?token=leaked&page=2', {
      method: 'PUT',
      headers: auth,
    });
    expect(res.status).toBe(204);

    const events = backend.logs.filter((line) => line.isAuditEvent === true);
    expect(events.map((line) => line.status)).toEqual(['initiated', 'succeeded']);
    expect(events[1]).toMatchObject({
      level: 'info',
      message: 'vault.secret-write',
      plugin: 'vault',
      eventId: 'secret-write',
      severityLevel: 'medium',
      actor: { actorId: 'external:ci', ip: '127.0.0.1', userAgent: 'integration-test/1.0' },
      request: { method: 'PUT', url: '/api/vault/secrets/db-password?token=[REDACTED]&page=2' },
      meta: { name: 'db-password', version: 2 },
    });
    expect(backend.logs.text()).not.toContain(TOKEN);
    expect(backend.logs.text()).not.toContain('leaked');
  });

  it('record a failure with the error, while the caller gets the error response', async () => {
    const backend = await backends.start({ features: [staticTokenAuth(TOKEN, 'external:ci'), vaultPlugin] });
    const res = await backend.request('/api/vault/secrets/root', { method: 'DELETE', headers: auth });
    expect(res.status).toBe(403);

    const failed = backend.logs.find((line) => line.isAuditEvent === true && line.status === 'failed');
    expect(failed).toMatchObject({
      eventId: 'secret-delete',
      actor: { actorId: 'external:ci' },
      request: { method: 'DELETE', url: '/api/vault/secrets/root' },
      error: { name: 'NotAllowedError', message: "Secret 'root' is protected" },
    });
  });

  it('are never written for requests the credentials barrier refused', async () => {
    const backend = await backends.start({ features: [staticTokenAuth(TOKEN, 'external:ci'), vaultPlugin] });
    const res = await backend.request('/api/vault/secrets/db-password', { method: 'PUT' });
    expect(res.status).toBe(401);
    expect(backend.logs.filter((line) => line.isAuditEvent === true)).toEqual([]);
  });
});
