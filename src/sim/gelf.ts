// How LDP wraps a log line on its tail WebSocket: {"message":"<GELF JSON text>"}.

export interface GelfWrapOptions {
  /** `_appID` member (LDP sets the application/stream id). */
  readonly appId?: string;
  /** GELF `host`. */
  readonly host?: string;
  /** GELF `level` (syslog severity, 6 = informational). */
  readonly level?: number;
}

/** Wraps one audit payload text as LDP sends it; `timestamp` is the ingestion time in unix seconds. */
export function wrapGelf(auditText: string, timestamp: number, options: GelfWrapOptions = {}): string {
  const record = {
    _appID: options.appId ?? 'mks-audit',
    short_message: auditText,
    host: options.host ?? 'mks-cluster',
    level: options.level ?? 6,
    timestamp: Math.round(timestamp * 1000) / 1000,
  };
  return JSON.stringify({ message: JSON.stringify(record) });
}
