import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './app-config';

describe('PAGES_AT_ONCE', () => {
  it('is 4 unless set, a whole number of at least 1 when set', () => {
    expect(loadConfig({}).pagesAtOnce).toBe(4);
    expect(loadConfig({ PAGES_AT_ONCE: '12' }).pagesAtOnce).toBe(12);
    expect(() => loadConfig({ PAGES_AT_ONCE: '0' })).toThrow(/PAGES_AT_ONCE must be at least 1/);
    expect(() => loadConfig({ PAGES_AT_ONCE: 'many' })).toThrow(ConfigError);
  });
});
