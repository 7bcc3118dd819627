/**
 * Keeps secrets out of everything ackl2 prints: the AccessKey secret and STS token in use,
 * passwords read from the environment, and anything that looks like an Authorization header
 * or a secret-bearing field.
 */

const MASK = '***';
const PATTERNS: RegExp[] = [
  /(authorization["']?\s*[:=]\s*["']?)[^"',\s}]+(?:[^"',}]*)/gi,
  /((?:access_?key_?secret|accessKeySecret|security_?token|securityToken|login_password|loginPassword|password)["']?\s*[:=]\s*["']?)[^"',\s}&]+/gi,
  /(Signature=)[^,\s&]+/g,
];

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Remember a secret value; every later `redact` masks it. Short values are ignored. */
  add(secret: string | undefined): void {
    if (secret && secret.length >= 4) this.secrets.add(secret);
  }

  redact = (text: string): string => {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join(MASK);
    for (const pattern of PATTERNS) out = out.replace(pattern, `$1${MASK}`);
    return out;
  };
}
