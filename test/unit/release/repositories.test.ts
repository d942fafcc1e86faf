// Where a release pushes: the GitHub owner lowercased, falcosecurity's repository layout.
import { describe, expect, it } from 'vitest';
import { artifactRepository, registryOwner } from '../../../scripts/release/repositories.js';

describe('release repositories', () => {
  it('puts plugins under plugins/plugin/ and rules under plugins/ruleset/ of the lowercased owner', () => {
    expect(artifactRepository('K8saudit-OVH', 'plugin', 'k8saudit-ovh')).toBe('k8saudit-ovh/plugins/plugin/k8saudit-ovh');
    expect(artifactRepository('k8saudit-ovh', 'rulesfile', 'k8saudit-ovh-rules')).toBe('k8saudit-ovh/plugins/ruleset/k8saudit-ovh-rules');
  });

  it('refuses an owner that is no account name', () => {
    expect(registryOwner('Some-Org')).toBe('some-org');
    for (const owner of ['', 'a/b', 'has space', '-lead', 'trail-']) {
      expect(() => registryOwner(owner), owner).toThrow(`registry owner "${owner}" is not a GitHub account name`);
    }
  });
});
