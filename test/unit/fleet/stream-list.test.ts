import { describe, expect, it } from 'vitest';
import { isStreamList, parseStreamList } from '../../../src/sources/ldp/stream-list.js';
import { errorOf } from '../support/error-of.js';

const TOKEN = 'Sekr3t+T0ken/abc=';

describe('open_params as a list of streams', () => {
  it('keeps a single bare URL (today’s form) unnamed, whatever its own "=" are', () => {
    for (const url of [`gra1.logs.ovh.com/tail/?tk=${TOKEN}`, `wss://gra1.logs.ovh.com/tail/?tk=${TOKEN}&begin=10`, '/var/log/audit.jsonl']) {
      const entries = parseStreamList(`  ${url}\n`);
      expect(entries).toEqual([{ name: undefined, url }]);
      expect(isStreamList(entries)).toBe(false);
    }
  });

  it('reads NAME=URL entries separated by any whitespace, in order', () => {
    const entries = parseStreamList(
      `prod=gra1.logs.ovh.com/tail/?tk=${TOKEN}\n  staging.eu-1=wss://gra2.logs.ovh.com/tail/?tk=other\tteam_b=ws://127.0.0.1:9/tail/?tk=x`,
    );
    expect(entries).toEqual([
      { name: 'prod', url: `gra1.logs.ovh.com/tail/?tk=${TOKEN}` },
      { name: 'staging.eu-1', url: 'wss://gra2.logs.ovh.com/tail/?tk=other' },
      { name: 'team_b', url: 'ws://127.0.0.1:9/tail/?tk=x' },
    ]);
    expect(isStreamList(entries)).toBe(true);
    expect(isStreamList(parseStreamList(`prod=gra1.logs.ovh.com/tail/?tk=${TOKEN}`))).toBe(true);
  });

  it('refuses a duplicate name, naming both entries and no token', () => {
    const message = errorOf(() => parseStreamList(`a=gra1.logs.ovh.com/tail/?tk=${TOKEN} b=gra1.logs.ovh.com/tail/?tk=x a=gra2.logs.ovh.com/tail/?tk=${TOKEN}`));
    expect(message).toBe('open_params entry 3 repeats the cluster name "a" of entry 1: names must be unique');
  });

  it('refuses a name without URL (an empty variable) and an empty name', () => {
    const noUrl = errorOf(() => parseStreamList(`prod=gra1.logs.ovh.com/tail/?tk=${TOKEN} staging=`));
    expect(noUrl).toContain('entry 2 of 2 ("staging=")');
    expect(noUrl).toContain('cluster "staging" has no URL');
    const noName = errorOf(() => parseStreamList(`=gra1.logs.ovh.com/tail/?tk=${TOKEN}`));
    expect(noName).toContain('has an empty cluster name');
    expect(noName).toContain('tk=***');
    expect(noName).not.toContain(TOKEN);
  });

  it('refuses an unnamed URL among several, without its token', () => {
    const message = errorOf(() => parseStreamList(`prod=gra1.logs.ovh.com/tail/?tk=x gra2.logs.ovh.com/tail/?tk=${TOKEN}`));
    expect(message).toContain('open_params entry 2 ("gra2');
    expect(message).toContain('gra2.logs.ovh.com/tail/?tk=***');
    expect(message).toContain('has no cluster name');
    expect(message).not.toContain(TOKEN);
  });
});
