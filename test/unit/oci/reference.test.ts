import { describe, expect, it } from 'vitest';
import { artifactName, parseReference, registryUrl } from '../../../scripts/oci/reference.js';

describe('image references', () => {
  it('splits registry, repository and tag; latest by default', () => {
    expect(parseReference('ghcr.io/k8saudit-ovh/plugins/plugin/k8saudit-ovh:0.7.0')).toEqual({
      registry: 'ghcr.io',
      repository: 'k8saudit-ovh/plugins/plugin/k8saudit-ovh',
      tag: '0.7.0',
    });
    expect(parseReference('127.0.0.1:5000/a/b')).toEqual({ registry: '127.0.0.1:5000', repository: 'a/b', tag: 'latest' });
  });

  it('names the artifact after the last path component of the repository', () => {
    expect(artifactName(parseReference('ghcr.io/k8saudit-ovh/plugins/ruleset/k8saudit-ovh-rules:latest'))).toBe('k8saudit-ovh-rules');
  });

  it('refuses what is not a reference', () => {
    expect(() => parseReference('k8saudit-ovh:0.7.0')).toThrow('is not <registry>/<repository>[:<tag>]');
    expect(() => parseReference('ghcr.io/Upper/case:1')).toThrow('is not a valid repository name');
    expect(() => parseReference('ghcr.io/a/b:bad tag')).toThrow('is not a valid tag');
  });

  it('speaks plain HTTP to loopback registries only', () => {
    expect(registryUrl('127.0.0.1:5000')).toBe('http://127.0.0.1:5000');
    expect(registryUrl('localhost:5000')).toBe('http://localhost:5000');
    expect(registryUrl('ghcr.io')).toBe('https://ghcr.io');
    expect(registryUrl('127.0.0.1.example.com')).toBe('https://127.0.0.1.example.com');
  });
});
