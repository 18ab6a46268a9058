import { render } from 'preact';
import { App } from './app.tsx';
import './styles.css';
import './analytics.css';
import './experiments.css';
import './team.css';
import './environments.css';
import './web-analytics/web-analytics.css';
import './phone.css';

const root = document.getElementById('app');
if (root) render(<App />, root);
