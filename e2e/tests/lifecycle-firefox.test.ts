// Page lifecycle in firefox: back/forward cache, offline/online (see ../support/lifecycle-scenarios.ts).
import { lifecycleScenarios } from '../support/lifecycle-scenarios.js';

lifecycleScenarios('firefox');
