// The reload scenarios and the browser-bundle smoke test in webkit (see ../support/engine-scenarios.ts).
import { engineScenarios } from '../support/engine-scenarios.js';

engineScenarios('webkit');
