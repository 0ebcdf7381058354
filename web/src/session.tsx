import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { api, ApiError, setUnauthenticatedHandler } from './api/client';
import type { Principal } from './api/types';
import { navigate } from './router';

interface SessionState {
  principal: Principal | null;
  checked: boolean;
  signIn: (key: string) => Promise<void>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

/** Who is signed in, asked of the service (the cookie is HttpOnly; the page cannot read it). */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [principal, setPrincipal] = useState<Principal | null>(null);
  const [checked, setChecked] = useState(false);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      setPrincipal(null);
      if (window.location.pathname !== '/login') {
        navigate('/login', { replace: true });
      }
    });
    api
      .get<Principal | undefined>('/api/v1/session')
      .then((who) => setPrincipal(who ?? null))
      .catch((error: unknown) => {
        if (!(error instanceof ApiError) || error.status !== 401) {
          throw error;
        }
      })
      .finally(() => setChecked(true));
  }, []);

  const signIn = useCallback(async (key: string) => {
    await api.post('/api/v1/session', { key });
    setPrincipal(await api.get<Principal>('/api/v1/session'));
  }, []);

  const signOut = useCallback(async () => {
    await api.delete('/api/v1/session');
    setPrincipal(null);
  }, []);

  return (
    <SessionContext.Provider value={{ principal, checked, signIn, signOut }}>
      {children}
    </SessionContext.Provider>
  );
}

export function useSession(): SessionState {
  const context = useContext(SessionContext);
  if (!context) {
    throw new Error('useSession outside SessionProvider');
  }
  return context;
}

/** The signed-in principal on a screen that only renders once signed in. */
export function usePrincipal(): Principal {
  const { principal } = useSession();
  if (!principal) {
    throw new Error('screen rendered without a session');
  }
  return principal;
}
