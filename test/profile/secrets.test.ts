import { describe, expect, it } from 'vitest';
import { formatPath } from '../../src/profile/issues.js';
import { parseProfileYaml } from '../../src/profile/parse.js';
import { findSecrets } from '../../src/profile/secrets.js';

const secretsOf = (yaml: string, at?: (string | number)[]) => {
  const { tree } = parseProfileYaml(yaml, 'p.yaml');
  return findSecrets(tree!, at).map((i) => `${formatPath(i.path)} ${i.location?.line}:${i.location?.col} ${i.message}`);
};

describe('findSecrets', () => {
  it('reports secret keys and secret-looking values in file order, a secret key once at its outermost level', () => {
    const found = secretsOf(`apiVersion: ackl2/v1
metadata: { name: a, region: cn-hangzhou }
credentials:
  accessKeySecret: nested-under-a-secret-key
  id: LTAI5tAbCdEfGhIjKlMn
nodePools:
  - name: web
    login: { password: hunter2 }
    labels: { owner: LTAI5tAbCdEfGhIjKlMn }
    sshKey: "-----BEGIN OPENSSH PRIVATE KEY-----"
`);
    expect(found).toEqual([
      'credentials 3:1 "credentials" holds a literal secret; secrets never go into a profile',
      'nodePools[0].login.password 8:14 "password" holds a literal secret; secrets never go into a profile',
      'nodePools[0].labels.owner 9:22 this value looks like an AccessKey id; credentials never go into a profile',
      'nodePools[0].sshKey 10:13 this value is a private key; secrets never go into a profile',
    ]);
  });

  it('a tree found under a secret key (a shadowed duplicate) reports nothing more', () => {
    expect(secretsOf('token: LTAI5tAbCdEfGhIjKlMn\n', ['login', 'password', 'value'])).toEqual([]);
    expect(secretsOf('token: x\n', ['login', 'extra'])).toEqual(['login.extra.token 1:1 "token" holds a literal secret; secrets never go into a profile']);
  });
});
