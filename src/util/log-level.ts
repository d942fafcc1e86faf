// The severities the plugin logs with; Falco's numbers for them are in bridge/native-binding.ts.
export type LogLevel = 'error' | 'warning' | 'info' | 'debug';
