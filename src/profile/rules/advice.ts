/** Warnings: true today, worth acting on, never fatal unless --strict. */

import { poolAcceptsPinnedImage } from '../../scenarios/index.js';
import { isGpuType } from '../../scenarios/support.js';
import { warning, type Rule, type RuleIssue } from './types.js';

/**
 * Alibaba Cloud Linux 2 lifecycle (ECS "Alibaba Cloud Linux 2 entering the ELS phase"):
 * mainstream support ended 2024-03-31; extended life support ends 2026-03-31 (EOL).
 */
export const AL2_MAINSTREAM_SUPPORT_ENDED = '2024-03-31';
export const AL2_END_OF_LIFE = '2026-03-31';
/**
 * The newest Kubernetes minor ACK offers Alibaba Cloud Linux 2 nodes for (from 1.31 new node
 * pools are Alibaba Cloud Linux 3; create asks DescribeKubernetesVersionMetadata to be sure).
 */
export const AL2_LAST_KUBERNETES_MINOR = 30;

/**
 * Kubernetes minors ACK offers for new clusters (ACK release calendar; one list to update).
 * A minor outside it may still work: create checks online with DescribeKubernetesVersionMetadata.
 */
export const KNOWN_KUBERNETES_MINORS: readonly string[] = ['1.28', '1.30', '1.31', '1.32', '1.33'];

export const adviceRules: Rule = ({ pools, kubernetesVersion }, ctx) => {
  if (ctx.partial) return [];
  const issues: RuleIssue[] = [];

  const al2 = pools.filter(({ pool }) => pool.value.image?.os === 'AliyunLinux2');
  const first = al2[0];
  const minorText = kubernetesVersion === undefined ? undefined : /^(\d+\.\d+)/.exec(kubernetesVersion)?.[1];
  const minor = minorText === undefined ? undefined : Number(minorText.split('.')[1]);
  if (first) {
    const names = al2.map(({ pool }) => pool.value.name ?? '(unnamed)').join(', ');
    const plural = al2.length === 1 ? '' : 's';
    issues.push(
      warning(
        ['nodePools', first.index, 'image', 'os'],
        `Alibaba Cloud Linux 2 (pool${plural} ${names}) is past standard support since ${AL2_MAINSTREAM_SUPPORT_ENDED}; end of life ${AL2_END_OF_LIFE}`,
        'keep image.id pinned and plan the move to image.os: AliyunLinux3; create checks online that ACK still offers it',
      ),
    );
    if (minor !== undefined && minor > AL2_LAST_KUBERNETES_MINOR) {
      issues.push(
        warning(
          ['cluster', 'kubernetesVersion'],
          `ACK offers Alibaba Cloud Linux 2 nodes up to Kubernetes 1.${AL2_LAST_KUBERNETES_MINOR}, and pool${plural} ${names} ask${al2.length === 1 ? 's' : ''} for it on ${kubernetesVersion}`,
          `use kubernetesVersion "1.${AL2_LAST_KUBERNETES_MINOR}", or image.os: AliyunLinux3 for these pools; create refuses it online if ACK does`,
        ),
      );
    }
  }

  for (const { index, pool } of pools) {
    const { image, runtime, scenarios, name } = pool.value;
    if (image === undefined || image.id !== undefined || runtime === undefined || scenarios === undefined) continue;
    if (poolAcceptsPinnedImage({ runtime, scenarios })) {
      issues.push(warning(['nodePools', index, 'image'], `pool "${name ?? index}" has no pinned image.id: new nodes get whatever image is newest that day`, `run \`ackl2 pin -f ${ctx.file}\``));
    }
  }

  for (const { index, pool } of pools) {
    const { autoscaling, instanceTypes } = pool.value;
    if (!autoscaling || !instanceTypes || instanceTypes.length === 0) continue;
    const cpuOnly = instanceTypes.filter((type) => !isGpuType(type));
    // With no GPU type at all it is an error (see poolRules); a mix is only worth a word.
    if ((autoscaling.type === 'gpu' || autoscaling.type === 'gpushare') && cpuOnly.length > 0 && cpuOnly.length < instanceTypes.length) {
      issues.push(
        warning(['nodePools', index, 'autoscaling', 'type'], `autoscaling.type is ${autoscaling.type}, but ${cpuOnly.join(', ')} ${cpuOnly.length === 1 ? 'is not a GPU type' : 'are not GPU types'}`, 'use GPU instance types (ecs.gn*, ecs.ebmgn*) in this pool, or autoscaling.type: cpu'),
      );
    }
  }

  if (minorText && !KNOWN_KUBERNETES_MINORS.includes(minorText)) {
    issues.push(warning(['cluster', 'kubernetesVersion'], `Kubernetes ${minorText} is not a version ACK is known to offer (${KNOWN_KUBERNETES_MINORS.join(', ')})`, 'check with `ackl2 pin`, which picks the newest offered patch, or create --dry-run'));
  }
  return issues;
};
