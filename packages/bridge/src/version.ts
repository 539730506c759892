// The bridge's version, reported in metrics and by the CLI.
export const VERSION = '0.1.0';
