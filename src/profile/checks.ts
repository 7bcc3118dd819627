/**
 * Checks of one value (a CIDR, a tag, a sysctl, a list without repeats, one small object),
 * attached to the zod schema as refinements. Living in the schema, they run on every value
 * whose type is right even when a sibling field is wrong, so one run reports every problem;
 * rules.ts keeps only what relates fields to each other.
 *
 * Each issue carries `params`: `hint` (how to fix it), `atKey` (locate it at the key rather
 * than the value) and `about` (the keys whose absence it is about, so that a typo of one of
 * them reports the typo alone).
 */

import type * as z from 'zod';
import { parseCidr, POD_CIDR_MAX_MASK, privateBlockOf, SERVICE_CIDR_MASK } from './cidr.js';
import { labelKeyProblem, labelValueProblem, nodeLabelKeyProblem } from './rules/labels.js';
import { isNamespacedSysctl, isSysctlName, isSysctlValue } from './sysctl.js';

export interface CheckParams {
  hint?: string | undefined;
  atKey?: boolean | undefined;
  about?: readonly string[] | undefined;
}

type Ctx = z.RefinementCtx;

function report(ctx: Ctx, message: string, params: CheckParams = {}, path: PropertyKey[] = []): void {
  ctx.addIssue({ code: 'custom', message, params: { ...params }, path });
}

/** A string check for the schema: `(value, ctx) => void`. */
type Check<T> = (value: T, ctx: Ctx) => void;

// ---------------------------------------------------------------- CIDRs

export const podCidrCheck: Check<string> = (text, ctx) => {
  const parsed = parseCidr(text);
  if (!parsed.ok) return report(ctx, `podCidr ${parsed.reason}`, { hint: parsed.hint ?? 'write it as address/mask, e.g. 172.20.0.0/16' });
  const block = privateBlockOf(parsed.cidr);
  if (!block) {
    report(ctx, 'podCidr must be inside a private block: 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16', { hint: 'e.g. 172.20.0.0/16' });
  } else if (parsed.cidr.prefix > POD_CIDR_MAX_MASK) {
    report(ctx, `podCidr /${parsed.cidr.prefix} is too small for a cluster (at most /${POD_CIDR_MAX_MASK})`, {
      hint: 'each node takes a /26 of it by default; a /16 such as 172.20.0.0/16 fits over a thousand nodes',
    });
  }
};

export const serviceCidrCheck: Check<string> = (text, ctx) => {
  const parsed = parseCidr(text);
  if (!parsed.ok) return report(ctx, `serviceCidr ${parsed.reason}`, { hint: parsed.hint ?? `write it as address/mask with a /${SERVICE_CIDR_MASK.min} to /${SERVICE_CIDR_MASK.max} mask, e.g. 172.21.0.0/20` });
  const block = privateBlockOf(parsed.cidr);
  const { prefix } = parsed.cidr;
  if (!block || prefix < Math.max(SERVICE_CIDR_MASK.min, block.prefix) || prefix > SERVICE_CIDR_MASK.max) {
    report(ctx, `serviceCidr must be a private block with a /${SERVICE_CIDR_MASK.min} to /${SERVICE_CIDR_MASK.max} mask`, {
      hint: `ACK accepts 10.0.0.0/16-24, 172.16-31.0.0/16-24 and 192.168.0.0/16-24, e.g. 172.21.0.0/20`,
    });
  }
};

// ---------------------------------------------------------------- tags

const PROFILE_TAG_PREFIX = 'ackl2.io/';
const CLOUD_RESERVED = /^(aliyun|acs:)/i;
const URL_LIKE = /https?:\/\//i;

export const tagKeyCheck: Check<string> = (key, ctx) => {
  if (key.startsWith(PROFILE_TAG_PREFIX)) {
    report(ctx, `tag key "${key}" uses the prefix ${PROFILE_TAG_PREFIX}, which ackl2 reserves`, { hint: 'ackl2 sets ackl2.io/profile itself; choose another key' });
  } else if (CLOUD_RESERVED.test(key)) {
    report(ctx, `tag key "${key}" starts with "aliyun" or "acs:", which Alibaba Cloud reserves`, { hint: 'choose another key' });
  } else if (URL_LIKE.test(key)) {
    report(ctx, 'a tag key may not contain http:// or https://', { hint: 'choose another key' });
  }
};

export const tagValueCheck: Check<string> = (value, ctx) => {
  if (CLOUD_RESERVED.test(value)) report(ctx, 'a tag value may not start with "aliyun" or "acs:"', { hint: 'choose another value' });
  else if (URL_LIKE.test(value)) report(ctx, 'a tag value may not contain http:// or https://', { hint: 'drop the scheme, e.g. example.com/team' });
};

/** ACK allows `total` tags per resource and ackl2 adds one of its own. */
export const tagCountCheck =
  (total: number): Check<Record<string, string>> =>
  (tags, ctx) => {
    const count = Object.keys(tags).length;
    if (count > total - 1) {
      report(ctx, `${count} tags; at most ${total - 1}`, { hint: `ACK allows ${total} and ackl2 adds ${PROFILE_TAG_PREFIX}profile; remove some`, atKey: true });
    }
  };

// ---------------------------------------------------------------- Kubernetes labels and taints

export const labelKeyCheck: Check<string> = (key, ctx) => {
  const problem = labelKeyProblem(key);
  if (problem) return report(ctx, `label key "${key.slice(0, 60)}" is invalid: ${problem}`);
  const reserved = nodeLabelKeyProblem(key);
  if (reserved) report(ctx, `label key "${key.slice(0, 60)}" is refused: ${reserved}`, { hint: `use a prefix of your own, e.g. ${key.replace(/^[^/]*\//, 'example.com/')}, or node.kubernetes.io/${key.slice(key.indexOf('/') + 1)}` });
};

export const labelValueCheck: Check<string> = (value, ctx) => {
  const problem = labelValueProblem(value);
  if (problem) report(ctx, `label value ${problem}`);
};

export const taintKeyCheck: Check<string> = (key, ctx) => {
  const problem = labelKeyProblem(key);
  if (problem) report(ctx, `taint key is invalid: ${problem}`);
};

export const taintValueCheck: Check<string> = (value, ctx) => {
  const problem = labelValueProblem(value);
  if (problem) report(ctx, `taint value ${problem}`);
};

// ---------------------------------------------------------------- sysctls

export const sysctlNameCheck: Check<string> = (name, ctx) => {
  if (!isSysctlName(name)) report(ctx, `"${name.slice(0, 60)}" is not a sysctl name`, { hint: 'use a dotted lower-case name such as net.core.somaxconn' });
};

export const sysctlValueCheck: Check<string | number> = (value, ctx) => {
  if (!isSysctlValue(value)) {
    report(ctx, 'is not a plain sysctl value (it goes into a root shell script)', {
      hint: 'use digits, words, ".", ":", "/", "-" and single spaces, e.g. "4096 87380 6291456"',
    });
  }
};

export const namespacedSysctlCheck: Check<string> = (entry, ctx) => {
  if (!isNamespacedSysctl(entry)) {
    report(ctx, `"${entry.slice(0, 60)}" is not a namespaced sysctl; pods cannot set it`, {
      hint: 'allowed: net.*, kernel.shm*, kernel.msg*, kernel.sem and fs.mqueue.*, as a name or a prefix.* pattern',
    });
  }
};

// ---------------------------------------------------------------- lists

/** Every repeat of a value in a list, located at the repeat. */
export const uniqueItems =
  (what: string, field: string): Check<readonly unknown[]> =>
  (items, ctx) => {
    const first = new Map<unknown, number>();
    items.forEach((item, index) => {
      if (typeof item !== 'string') return;
      const seen = first.get(item);
      if (seen === undefined) first.set(item, index);
      else report(ctx, `${what} ${item} is listed twice`, { hint: `already at ${field}[${seen}]; remove one` }, [index]);
    });
  };

/** Add-ons are merged by name: a name listed twice would silently drop the first entry. */
export const uniqueAddonNames: Check<readonly { name?: unknown }[]> = (addons, ctx) => {
  const first = new Map<string, number>();
  addons.forEach((addon, index) => {
    const name = addon?.name;
    if (typeof name !== 'string') return;
    const seen = first.get(name);
    if (seen === undefined) first.set(name, index);
    else report(ctx, `add-on ${name} is listed twice`, { hint: `already at addons[${seen}]; keep one entry per add-on` }, [index, 'name']);
  });
};

/** `config` of an add-on: the API takes a JSON object, written as a string. */
export const addonConfigCheck: Check<string> = (text, ctx) => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message.replace(/^JSON\.parse: /, '').split('\n')[0] : 'invalid JSON';
    return report(ctx, `config is not valid JSON (${detail})`, { hint: `write the JSON object in single quotes, e.g. config: '{"IPVlan":"true"}'` });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    report(ctx, 'config must be a JSON object (in a string)', { hint: `e.g. config: '{"IPVlan":"true"}'` });
  }
};

// ---------------------------------------------------------------- small objects

export const autoscalingRangeCheck: Check<{ min: number; max: number }> = (scaling, ctx) => {
  if (scaling.min > scaling.max) {
    report(ctx, `autoscaling.min (${scaling.min}) is greater than max (${scaling.max})`, { hint: 'make min at most max' }, ['min']);
  }
};

export const loginCheck: Check<{ keyPair?: string | undefined; passwordFromEnv?: string | undefined }> = (login, ctx) => {
  if (login.keyPair === undefined && login.passwordFromEnv === undefined) {
    report(ctx, 'login needs keyPair or passwordFromEnv', { hint: 'add keyPair: NAME for an ECS key pair, or passwordFromEnv: NODE_PASSWORD', about: ['keyPair', 'passwordFromEnv'] });
  } else if (login.keyPair !== undefined && login.passwordFromEnv !== undefined) {
    report(ctx, 'login has both keyPair and passwordFromEnv; use one', { hint: 'a key pair is the safer choice: remove passwordFromEnv', atKey: true }, ['passwordFromEnv']);
  }
};

/**
 * ESSD performance levels and the smallest disk each allows (ECS "ESSDs": PL0 1 GiB, PL1 20,
 * PL2 461, PL3 1261). A level on another category is ignored by the API, so it is refused.
 */
export const ESSD_MIN_SIZE_GIB: Record<string, number> = { PL0: 1, PL1: 20, PL2: 461, PL3: 1261 };

export const diskPerformanceCheck: Check<{ category: string; sizeGiB: number; performanceLevel?: string | undefined }> = (disk, ctx) => {
  const level = disk.performanceLevel;
  if (level === undefined) return;
  if (disk.category !== 'cloud_essd') {
    report(ctx, `performanceLevel applies to ESSD disks only, and this disk is ${disk.category}`, { hint: 'remove performanceLevel, or set category: cloud_essd', atKey: true }, ['performanceLevel']);
    return;
  }
  const min = ESSD_MIN_SIZE_GIB[level];
  if (min !== undefined && disk.sizeGiB < min) {
    report(ctx, `an ESSD at ${level} is at least ${min} GiB, this one is ${disk.sizeGiB} GiB`, { hint: `set sizeGiB: ${min} or more, or a lower performanceLevel` }, ['sizeGiB']);
  }
};
