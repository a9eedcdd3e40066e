import { describe, expect, it } from 'vitest';
import { FRONTEND_CONFIG_ELEMENT_ID, readInjectedConfig, StaticConfigApi } from './config-api.js';

describe('frontend config', () => {
  it('reads dotted keys and reports type mismatches by key', () => {
    const config = new StaticConfigApi({
      app: { title: 'Greenroom', routes: { bindings: {} } },
      flag: 'yes',
    });
    expect(config.getString('app.title')).toBe('Greenroom');
    expect(config.getOptionalString('app.missing')).toBeUndefined();
    expect(() => config.getOptionalBoolean('flag')).toThrow("Frontend config key 'flag' must be a boolean");
    expect(() => config.getString('app.nope')).toThrow("Missing frontend config key 'app.nope'");
  });

  it('reads the config the backend injected into the page', () => {
    document.body.innerHTML = `<script id="${FRONTEND_CONFIG_ELEMENT_ID}" type="application/json">{"app":{"title":"Injected"}}</script>`;
    expect(readInjectedConfig(document).getString('app.title')).toBe('Injected');
  });

  it('is empty when the page has no injected config', () => {
    document.body.innerHTML = '';
    expect(readInjectedConfig(document).getOptional('app')).toBeUndefined();
  });
});
