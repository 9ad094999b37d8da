import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MonitoringDashboard } from './components/MonitoringDashboard';
import { openEarly } from './hooks/monitoringConnection';
import { applyTheme, initialTheme } from './theme';
import './styles.css';

// The live connection first: its handshake and the server's snapshot travel while React renders.
openEarly();
applyTheme(initialTheme());
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MonitoringDashboard />
  </StrictMode>,
);
