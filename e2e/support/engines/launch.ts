// Launches an engine by name.
import { chromiumEngine } from './chromium.js';
import type { Engine, EngineName, EngineOptions } from './engine.js';
import { firefoxEngine } from './firefox.js';
import { webkitEngine } from './webkit.js';

const LAUNCHERS: Record<EngineName, (options: EngineOptions) => Promise<Engine>> = {
  chromium: chromiumEngine,
  firefox: firefoxEngine,
  webkit: webkitEngine,
};

export function launchEngine(name: EngineName, options: EngineOptions = {}): Promise<Engine> {
  return LAUNCHERS[name](options);
}
