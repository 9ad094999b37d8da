import { useEffect, useState } from 'react';
import { applyTheme, initialTheme, rememberTheme, type Theme } from '../theme';

/** Light or dark: follows the system until chosen, then remembers the choice. */
export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>(() => initialTheme());
  useEffect(() => applyTheme(theme), [theme]);
  const next: Theme = theme === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      className="theme-toggle"
      data-testid="theme-toggle"
      aria-label={`Switch to ${next} theme`}
      onClick={() => {
        rememberTheme(next);
        setTheme(next);
      }}
    >
      {theme === 'dark' ? '☀ Light' : '☾ Dark'}
    </button>
  );
}
