/** Warnings: true today, worth acting on, never fatal unless --strict. */

import { poolAcceptsPinnedImage } from '../../scenarios/index.js';
import { warning, type Rule, type RuleIssue } from './types.js';

/**
 * Alibaba Cloud Linux 2 lifecycle (ECS "Alibaba Cloud Linux 2 entering the ELS phase"):
 * mainstream support ended 2024-03-31; extended life support ends 2026-03-31 (EOL).
 */
export const AL2_MAINSTREAM_SUPPORT_ENDED = '2024-03-31';
export const AL2_END_OF_LIFE = '2026-03-31';

/**
 * Kubernetes minors ACK offers for new clusters (ACK release calendar; one list to update).
 * A minor outside it may still work: create checks online with DescribeKubernetesVersionMetadata.
 */
export const KNOWN_KUBERNETES_MINORS: readonly string[] = ['1.28', '1.30', '1.31', '1.32', '1.33'];

export const adviceRules: Rule = ({ pools, kubernetesVersion }, ctx) => {
  const issues: RuleIssue[] = [];

  const al2 = pools.filter(({ pool }) => pool.image.os === 'AliyunLinux2');
  const first = al2[0];
  if (first) {
    const names = al2.map(({ pool }) => pool.name).join(', ');
    issues.push(
      warning(
        ['nodePools', first.index, 'image', 'os'],
        `Alibaba Cloud Linux 2 (pool${al2.length === 1 ? '' : 's'} ${names}) is past standard support since ${AL2_MAINSTREAM_SUPPORT_ENDED}; end of life ${AL2_END_OF_LIFE}`,
        'keep image.id pinned and plan the move to image.os: AliyunLinux3; create checks online that ACK still offers it',
      ),
    );
  }

  for (const { index, pool } of pools) {
    if (pool.image.id === undefined && poolAcceptsPinnedImage(pool)) {
      issues.push(warning(['nodePools', index, 'image'], `pool "${pool.name}" has no pinned image.id: new nodes get whatever image is newest that day`, `run \`ackl2 pin -f ${ctx.file}\``));
    }
  }

  if (kubernetesVersion !== undefined) {
    const minor = /^(\d+\.\d+)/.exec(kubernetesVersion)?.[1];
    if (minor && !KNOWN_KUBERNETES_MINORS.includes(minor)) {
      issues.push(warning(['cluster', 'kubernetesVersion'], `Kubernetes ${minor} is not a version ACK is known to offer (${KNOWN_KUBERNETES_MINORS.join(', ')})`, 'check with `ackl2 pin`, which picks the newest offered patch, or create --dry-run'));
    }
  }
  return issues;
};
