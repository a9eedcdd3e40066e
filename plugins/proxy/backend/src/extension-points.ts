import { createExtensionPoint } from '@greenroom/backend-plugin-api';
import type { z } from 'zod';
import type { proxyEndpointSchema } from './config/proxy-config.js';

/** An endpoint as config writes it: a target URL or the long form. */
export type ProxyEndpointInput = z.input<typeof proxyEndpointSchema>;

/** What modules and plugins' modules can add to the proxy. */
export interface ProxyEndpointsExtension {
  /**
   * Adds endpoints by route, validated like config; a route that config (or another
   * module) already defines stops startup naming both.
   */
  addProxyEndpoints(endpoints: Record<string, ProxyEndpointInput>): void;
}

/**
 * Lets modules add proxy endpoints in code.
 *
 * @example
 * reg.registerInit({
 *   deps: { proxy: proxyEndpointsExtensionPoint },
 *   async init({ proxy }) { proxy.addProxyEndpoints({ '/status': 'http://status.internal' }); },
 * });
 */
export const proxyEndpointsExtensionPoint = createExtensionPoint<ProxyEndpointsExtension>({
  id: 'proxy.endpoints',
});
