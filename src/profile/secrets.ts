/**
 * Literal secrets are refused anywhere in a profile file: keys such as `password`,
 * `loginPassword` or `accessKeySecret`, and values that look like AccessKey ids or private
 * keys. Every file is scanned on its own (a secret in a base is still a committed secret, even
 * when a child overrides it). The value is never echoed.
 */

import type { Issue, PathSegment } from './issues.js';
import type { TreeNode } from './tree.js';

/** Compared with "-" and "_" removed, lower case. */
const SECRET_KEYS = new Set([
  'password',
  'passwd',
  'pwd',
  'loginpassword',
  'rootpassword',
  'nodepassword',
  'secret',
  'secretkey',
  'accesskeysecret',
  'secretaccesskey',
  'clientsecret',
  'apikey',
  'token',
  'accesstoken',
  'securitytoken',
  'stsToken'.toLowerCase(),
  'privatekey',
  'credentials',
]);
const SECRET_SUFFIXES = ['password', 'passwd', 'secret', 'secretkey', 'privatekey', 'token'];

const CREDENTIALS_HINT = 'remove it: ackl2 takes credentials from the environment, from ~/.aliyun/config.json with --profile, or from an instance role';
const ACCESS_KEY_ID = /^LTAI[0-9A-Za-z]{12,30}$/;
const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

export function isSecretKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[-_.]/g, '');
  return SECRET_KEYS.has(normalized) || SECRET_SUFFIXES.some((suffix) => normalized.endsWith(suffix));
}

export function findSecrets(tree: TreeNode, at: PathSegment[] = []): Issue[] {
  const issues: Issue[] = [];
  if (!underSecretKey(at.slice(0, -1))) scan(tree, at, issues);
  return issues;
}

/** Depth first, in file order; nothing under a secret key is looked at (it is reported once, at the outermost one). */
function scan(node: TreeNode, path: PathSegment[], issues: Issue[]): void {
  const key = path.at(-1);
  if (typeof key === 'string' && isSecretKey(key)) {
    issues.push({
      severity: 'error',
      path,
      message: `"${key}" holds a literal secret; secrets never go into a profile`,
      hint: accessKeyLike(key)
        ? CREDENTIALS_HINT
        : 'remove it and use login.keyPair, or login.passwordFromEnv: NODE_PASSWORD with the password in that environment variable',
      location: node.keyLoc ?? node.loc,
    });
    return;
  }
  if (node.kind === 'map') {
    for (const [name, value] of node.entries) scan(value, [...path, name], issues);
  } else if (node.kind === 'seq') {
    node.items.forEach((item, index) => scan(item, [...path, index], issues));
  } else if (typeof node.value === 'string') {
    const value = node.value.trim();
    if (ACCESS_KEY_ID.test(value)) {
      issues.push({ severity: 'error', path, message: 'this value looks like an AccessKey id; credentials never go into a profile', hint: CREDENTIALS_HINT, location: node.loc });
    } else if (PRIVATE_KEY.test(value)) {
      issues.push({ severity: 'error', path, message: 'this value is a private key; secrets never go into a profile', hint: 'remove it and name an ECS key pair with login.keyPair', location: node.loc });
    }
  }
}

function accessKeyLike(key: string): boolean {
  return /access|api|token|credential|secret/i.test(key) && !/password/i.test(key);
}

function underSecretKey(path: readonly PathSegment[]): boolean {
  return path.some((s) => typeof s === 'string' && isSecretKey(s));
}
