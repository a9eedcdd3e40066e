import '@mantine/core/styles.css';
import './styles.css';
import { readInjectedConfig } from '@greenroom/web-runtime';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createPortalApp } from './portal-app.js';
import { Root } from './Root.js';

const element = document.getElementById('root');
if (!element) throw new Error('index.html has no #root element');
createRoot(element).render(
  <StrictMode>
    <Root app={createPortalApp(readInjectedConfig(document))} />
  </StrictMode>,
);
