import type { AttentionPreferences } from '../attention';

/** The two opt-ins for new critical alerts: desktop notifications and a sound. */
export function AttentionSettings({ preferences, onChange }: { preferences: AttentionPreferences; onChange: (change: Partial<AttentionPreferences>) => void }) {
  return (
    <div className="attention" role="group" aria-label="New critical alerts">
      <label>
        <input type="checkbox" checked={preferences.desktop} onChange={(e) => onChange({ desktop: e.target.checked })} data-testid="attention-desktop" />
        Desktop notifications
      </label>
      <label>
        <input type="checkbox" checked={preferences.sound} onChange={(e) => onChange({ sound: e.target.checked })} data-testid="attention-sound" />
        Sound
      </label>
    </div>
  );
}
