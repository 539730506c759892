// Launches an engine by name.
import { chromiumEngine } from './chromium.js';
import type { Engine, EngineName } from './engine.js';
import { firefoxEngine } from './firefox.js';
import { webkitEngine } from './webkit.js';

const LAUNCHERS: Record<EngineName, () => Promise<Engine>> = {
  chromium: chromiumEngine,
  firefox: firefoxEngine,
  webkit: webkitEngine,
};

export function launchEngine(name: EngineName): Promise<Engine> {
  return LAUNCHERS[name]();
}
