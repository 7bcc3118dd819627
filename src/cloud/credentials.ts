/**
 * Credentials from the `@alicloud/credentials` default chain (environment variables, OIDC
 * role, the aliyun CLI's ~/.aliyun/config.json, ~/.alibabacloud/credentials, the ECS RAM
 * role, a credentials URI), or one aliyun CLI profile when `--profile` / ALIBABA_CLOUD_PROFILE
 * names it. Resolved once, up front, so a missing credential is a UserError before any work;
 * the secret and token are handed to the Redactor and never printed.
 */

import { UserError } from '../errors.js';
import { loadCredentials, type CredentialsSdk } from './sdk.js';
import type { Redactor } from './redact.js';

export type CredentialClient = InstanceType<CredentialsSdk['default']>;

export interface ResolvedCredentials {
  client: CredentialClient;
  /** Which provider answered, e.g. "default/env" or "cli_profile/static_ak" (no secrets). */
  source: string;
  accessKeyId: string;
}

const CHAIN_TRIED = [
  'environment variables ALIBABA_CLOUD_ACCESS_KEY_ID + ALIBABA_CLOUD_ACCESS_KEY_SECRET (+ ALIBABA_CLOUD_SECURITY_TOKEN)',
  'an OIDC role (ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE), as in CI',
  'the aliyun CLI config ~/.aliyun/config.json (its current profile, or --profile NAME / ALIBABA_CLOUD_PROFILE)',
  'the credentials file ~/.alibabacloud/credentials (or ALIBABA_CLOUD_CREDENTIALS_FILE)',
  'the RAM role of this ECS instance (metadata service)',
];

const HOW_TO_FIX =
  'configure one: `aliyun configure`, or export ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET; or try ackl2 without an account: add --emulator';

/** Provider errors can quote whole config files; keep only the part before any quoted content. */
export function sanitizeProviderMessage(message: string, redact: (text: string) => string): string {
  const cut = message.replace(/(failed)[:.].*$/s, '$1').replace(/(result|message)\s*[:=].*$/s, '$1 withheld');
  return redact(cut.length > 240 ? `${cut.slice(0, 240)}…` : cut);
}

/**
 * The chain's first step (its environment variables) read from the run's environment: the
 * SDK's own step reads process.env, which is not the environment of a run inside another
 * program (a test's in-process CLI). Undefined when the pair is not there: the chain decides.
 */
function environmentKeyPair(mod: CredentialsSdk, env: NodeJS.ProcessEnv): CredentialClient | undefined {
  const accessKeyId = env.ALIBABA_CLOUD_ACCESS_KEY_ID;
  const accessKeySecret = env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
  if (!accessKeyId || !accessKeySecret) return undefined;
  const securityToken = env.ALIBABA_CLOUD_SECURITY_TOKEN;
  return new mod.default(new mod.Config(securityToken ? { type: 'sts', accessKeyId, accessKeySecret, securityToken } : { type: 'access_key', accessKeyId, accessKeySecret }));
}

export async function resolveCredentials(options: { profile?: string | undefined; redactor: Redactor; env?: NodeJS.ProcessEnv | undefined }): Promise<ResolvedCredentials> {
  const mod = loadCredentials();
  const Credential = mod.default;
  let client: CredentialClient;
  const fromEnvironment = options.profile ? undefined : environmentKeyPair(mod, options.env ?? process.env);
  if (options.profile) {
    const provider = mod.CLIProfileCredentialsProvider.builder().withProfileName(options.profile).build();
    client = new Credential(null, provider);
  } else {
    client = fromEnvironment ?? new Credential();
  }
  try {
    const model = await client.getCredential();
    if (!model.accessKeyId || (!model.accessKeySecret && !model.bearerToken)) throw new Error('the provider returned an empty AccessKey');
    options.redactor.add(model.accessKeySecret);
    options.redactor.add(model.securityToken);
    options.redactor.add(model.bearerToken);
    // named as the chain names its first step
    return { client, source: fromEnvironment ? 'default/env' : (model.providerName ?? 'unknown'), accessKeyId: model.accessKeyId };
  } catch (error) {
    const reason = sanitizeProviderMessage(error instanceof Error ? error.message : String(error), options.redactor.redact);
    if (options.profile) {
      throw new UserError(`cannot use the aliyun CLI credentials profile "${options.profile}": ${reason}`, {
        hint: 'check the profile name (`aliyun configure list`), or drop --profile / ALIBABA_CLOUD_PROFILE to use the default chain',
      });
    }
    throw new UserError(`no Alibaba Cloud credentials found; tried, in order: ${CHAIN_TRIED.join('; ')}`, { hint: HOW_TO_FIX });
  }
}

/** A fixed AccessKey pair (the emulator's), wrapped like any other credential. */
export async function staticCredentials(accessKeyId: string, accessKeySecret: string, redactor: Redactor): Promise<ResolvedCredentials> {
  const mod = loadCredentials();
  const Credential = mod.default;
  redactor.add(accessKeySecret);
  const client = new Credential(new mod.Config({ type: 'access_key', accessKeyId, accessKeySecret }));
  return { client, source: 'emulator', accessKeyId };
}
