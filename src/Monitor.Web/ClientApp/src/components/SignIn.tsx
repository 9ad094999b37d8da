import { useState, type FormEvent } from 'react';
import { ApiError, monitoring } from '../services/monitoring';
import type { Identity } from '../types';

/** Exchanges a token for the session cookie; the token is sent once and never stored in the page. */
export function SignIn({ identity, onChange }: { identity: Identity | null; onChange: (identity: Identity) => void }) {
  const [open, setOpen] = useState(false);
  const [token, setToken] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);

  if (identity && identity.role !== 'anonymous') {
    return (
      <div className="sign-in">
        <span data-testid="identity">
          {identity.name ?? identity.role} ({identity.role})
        </span>
        <button
          type="button"
          onClick={async () => {
            await monitoring.signOut();
            onChange(await monitoring.me());
          }}
        >
          Sign out
        </button>
      </div>
    );
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      onChange(await monitoring.signIn(token, name));
      setToken('');
      setOpen(false);
    } catch (e) {
      setError(e instanceof ApiError && e.status === 401 ? 'That token is not valid.' : e instanceof ApiError && e.status === 429 ? 'Too many attempts; wait a minute.' : 'Sign-in failed.');
    }
  };

  return open ? (
    <form className="sign-in" onSubmit={submit} aria-label="Sign in">
      <label>
        Token
        <input type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} required data-testid="token" />
      </label>
      <label>
        Name
        <input type="text" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} data-testid="name" />
      </label>
      <button type="submit" data-testid="sign-in-submit">
        Sign in
      </button>
      <button type="button" onClick={() => setOpen(false)}>
        Cancel
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  ) : (
    <div className="sign-in">
      <button type="button" onClick={() => setOpen(true)} data-testid="sign-in-open">
        Sign in
      </button>
    </div>
  );
}
