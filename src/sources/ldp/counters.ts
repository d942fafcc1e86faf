// Every counter the LDP source and its position keeper count, so the plugin exports each from the
// start, at 0: a counter that appears only once non-zero cannot be alerted on with rate().
export const LDP_COUNTERS = [
  'ldp_messages_received',
  'ldp_messages_malformed',
  'ldp_duplicates_dropped',
  'ldp_events_replayed',
  'ldp_events_possibly_repeated',
  'ldp_internal_errors',
  'ldp_backpressure_pauses',
  'ldp_reconnects',
  'ldp_connect_failures',
  'ldp_gaps',
  'ldp_pings_sent',
  'ldp_keepalive_timeouts',
  'ldp_resumes',
  'ldp_checkpoints_written',
  'ldp_checkpoint_write_failures',
] as const;
