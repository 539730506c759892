// Frozen or hidden tabs in chromium (see ../support/frozen-tab-scenarios.ts).
import { frozenTabScenarios } from '../support/frozen-tab-scenarios.js';

frozenTabScenarios('chromium');
