// Page lifecycle in chromium: back/forward cache, offline/online (see ../support/lifecycle-scenarios.ts).
import { lifecycleScenarios } from '../support/lifecycle-scenarios.js';

lifecycleScenarios('chromium');
