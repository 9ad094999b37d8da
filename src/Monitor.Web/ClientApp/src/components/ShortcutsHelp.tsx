import { useRef } from 'react';
import { useDialogFocus } from '../hooks/useDialogFocus';

export const SHORTCUTS: [string, string][] = [
  ['j / k', 'next / previous alert'],
  ['Enter', 'open the alert (or a group)'],
  ['x', 'select the alert'],
  ['a', 'acknowledge the alert'],
  ['/', 'search'],
  ['g then f', 'the fleet'],
  ['?', 'this list'],
  ['Esc', 'close'],
];

/** The keyboard shortcuts, listed on '?'. */
export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  const close = useRef<HTMLButtonElement>(null);
  const dialog = useRef<HTMLDivElement>(null);
  useDialogFocus(dialog, onClose, close);
  return (
    <div className="dialog-backdrop">
      <div ref={dialog} className="dialog" role="dialog" aria-modal="true" aria-labelledby="shortcuts-heading" data-testid="shortcuts">
        <h2 id="shortcuts-heading">Keyboard shortcuts</h2>
        <dl className="shortcuts">
          {SHORTCUTS.map(([key, what]) => (
            <div key={key}>
              <dt>
                <kbd>{key}</kbd>
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
        <button ref={close} type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
