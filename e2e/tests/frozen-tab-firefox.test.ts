// Frozen or hidden tabs in firefox (see ../support/frozen-tab-scenarios.ts).
import { frozenTabScenarios } from '../support/frozen-tab-scenarios.js';

frozenTabScenarios('firefox');
