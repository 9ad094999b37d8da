export type Theme = 'light' | 'dark';

const KEY = 'pipeline-monitor.theme';

/** The theme chosen before, or the system's until the user chooses one. */
export function initialTheme(storage: Pick<Storage, 'getItem'> = localStorage, prefersDark = matchesDark()): Theme {
  const chosen = storage.getItem(KEY);
  return chosen === 'light' || chosen === 'dark' ? chosen : prefersDark ? 'dark' : 'light';
}

export function rememberTheme(theme: Theme, storage: Pick<Storage, 'setItem'> = localStorage): void {
  storage.setItem(KEY, theme);
}

export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement): void {
  root.dataset.theme = theme;
}

function matchesDark(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
}
