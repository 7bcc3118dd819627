/** Tag rules: the prefixes the cloud and ackl2 reserve, and the API's count limit. */

import { LIMITS } from '../schema.js';
import { error, type Rule, type RuleIssue } from './types.js';

const PROFILE_TAG_PREFIX = 'ackl2.io/';
const CLOUD_RESERVED = /^(aliyun|acs:)/i;
const URL_LIKE = /https?:\/\//i;

export const metadataRules: Rule = ({ metadata }) => {
  if (!metadata) return [];
  const issues: RuleIssue[] = [];
  const entries = Object.entries(metadata.tags);
  if (entries.length > LIMITS.tags - 1) {
    issues.push(error(['metadata', 'tags'], `${entries.length} tags; at most ${LIMITS.tags - 1}`, `ACK allows ${LIMITS.tags} and ackl2 adds ${PROFILE_TAG_PREFIX}profile; remove some`, true));
  }
  for (const [key, value] of entries) {
    const path = ['metadata', 'tags', key];
    if (key.startsWith(PROFILE_TAG_PREFIX)) {
      issues.push(error(path, `tag key "${key}" uses the prefix ${PROFILE_TAG_PREFIX}, which ackl2 reserves`, 'ackl2 sets ackl2.io/profile itself; choose another key', true));
    } else if (CLOUD_RESERVED.test(key)) {
      issues.push(error(path, `tag key "${key}" starts with "aliyun" or "acs:", which Alibaba Cloud reserves`, 'choose another key', true));
    } else if (URL_LIKE.test(key)) {
      issues.push(error(path, 'a tag key may not contain http:// or https://', 'choose another key', true));
    }
    if (CLOUD_RESERVED.test(value)) issues.push(error(path, 'a tag value may not start with "aliyun" or "acs:"', 'choose another value'));
    else if (URL_LIKE.test(value)) issues.push(error(path, 'a tag value may not contain http:// or https://', 'drop the scheme, e.g. example.com/team'));
  }
  return issues;
};
