// The reload scenarios and the browser-bundle smoke test in chromium (see ../support/engine-scenarios.ts).
import { engineScenarios } from '../support/engine-scenarios.js';

engineScenarios('chromium');
