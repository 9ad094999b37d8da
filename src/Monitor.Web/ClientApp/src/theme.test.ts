import { describe, expect, it } from 'vitest';
import { applyTheme, initialTheme, rememberTheme } from './theme';

const memory = () => {
  const values = new Map<string, string>();
  return { getItem: (k: string) => values.get(k) ?? null, setItem: (k: string, v: string) => void values.set(k, v) };
};

describe('theme', () => {
  it('follows the system until the user chooses', () => {
    expect(initialTheme(memory(), true)).toBe('dark');
    expect(initialTheme(memory(), false)).toBe('light');
  });

  it('remembers the choice over the system', () => {
    const storage = memory();
    rememberTheme('light', storage);
    expect(initialTheme(storage, true)).toBe('light');
  });

  it('applies the theme to the document', () => {
    applyTheme('dark', document.documentElement);
    expect(document.documentElement.dataset.theme).toBe('dark');
  });
});
