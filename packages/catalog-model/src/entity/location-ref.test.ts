import { InputError } from '@greenroom/errors';
import { describe, expect, it } from 'vitest';
import { isJavascriptUrl, parseLocationRef, stringifyLocationRef } from './location-ref.js';

describe('parseLocationRef', () => {
  it('splits at the first colon and trims both parts', () => {
    expect(parseLocationRef('url:https://github.com/acme/shop/blob/main/catalog-info.yaml')).toEqual({
      type: 'url',
      target: 'https://github.com/acme/shop/blob/main/catalog-info.yaml',
    });
    expect(parseLocationRef(' file : /srv/catalog.yaml ')).toEqual({
      type: 'file',
      target: '/srv/catalog.yaml',
    });
  });

  it('rejects a bare URL and tells to prefix it with url:', () => {
    expect(() => parseLocationRef('https://example.com/catalog-info.yaml')).toThrow(
      'prefix it with url:, e.g. "url:https://example.com/catalog-info.yaml"',
    );
    expect(() => parseLocationRef('http://example.com/x.yaml')).toThrow(InputError);
  });

  it.each(['nocolon', ':target', 'url:', 'url:  '])('rejects %j', (ref) => {
    expect(() => parseLocationRef(ref)).toThrow(InputError);
  });

  it('rejects javascript: targets however they are written', () => {
    expect(() => parseLocationRef('url:javascript:alert(1)')).toThrow('javascript:');
    expect(() => parseLocationRef('url: JavaScript:alert(1)')).toThrow('javascript:');
    expect(() => parseLocationRef('url:java\tscript:alert(1)')).toThrow('javascript:');
  });
});

describe('stringifyLocationRef', () => {
  it('joins type and target', () => {
    expect(stringifyLocationRef({ type: 'file', target: '/srv/all.yaml' })).toBe('file:/srv/all.yaml');
  });

  it('refuses empty parts, a colon in the type and javascript: targets', () => {
    expect(() => stringifyLocationRef({ type: '', target: 'x' })).toThrow('empty type');
    expect(() => stringifyLocationRef({ type: 'url', target: '' })).toThrow('empty target');
    expect(() => stringifyLocationRef({ type: 'a:b', target: 'x' })).toThrow('colon');
    expect(() => stringifyLocationRef({ type: 'url', target: 'javascript:void(0)' })).toThrow('javascript:');
  });
});

describe('isJavascriptUrl', () => {
  it('sees through case, leading spaces and control characters', () => {
    expect(isJavascriptUrl('\u0001 JAVASCRIPT:alert(1)')).toBe(true);
    expect(isJavascriptUrl('https://example.com/javascript:')).toBe(false);
  });
});
