/**
 * Offline truth about Kubernetes versions and node OS, from the dated catalogues
 * (src/catalog/): Alibaba Cloud Linux 2 pools only below 1.30; a version older than every
 * catalogue's offer is an error; one outside today's offer a warning naming the offer and its
 * date. Alibaba Cloud Linux 2's end of life is past: a warning on every pool that does not
 * acknowledge it (`image.acknowledgeEndOfLife: true` on a deliberately pinned pool).
 */

import { DEFAULT_CATALOGUE, describeOffer, getCatalogue, listCatalogues, offeredMinors, offersVersion, oldestKnownMinor } from '../../catalog/index.js';
import { compareVersions, kubernetesMinor, minorOf, parseVersion } from '../../versions.js';
import { error, warning, type Rule, type RuleIssue } from './types.js';

/**
 * Alibaba Cloud Linux 2 lifecycle (ECS "Alibaba Cloud Linux 2 entering the ELS phase"):
 * mainstream support ended 2024-03-31; extended life support ended 2026-03-31 (EOL).
 */
export const AL2_MAINSTREAM_SUPPORT_ENDED = '2024-03-31';
export const AL2_END_OF_LIFE = '2026-03-31';
/** "ACK Kubernetes 1.30 release notes": Alibaba Cloud Linux 2 is no node pool OS from 1.30 on. */
export const AL2_FIRST_UNSUPPORTED_MINOR = 30;

const MIGRATE_HINT = (file: string) => `move the pool to image.os: AliyunLinux3 (\`ackl2 migrate -f ${file} --to AliyunLinux3\`)`;

/** The catalogues whose offer holds the version, newest first ("2024-03"). */
function cataloguesOffering(version: string): string[] {
  return listCatalogues()
    .filter((c) => offersVersion(c, version))
    .map((c) => c.name);
}

export const versionRules: Rule = ({ pools, kubernetesVersion }, ctx) => {
  const issues: RuleIssue[] = [];
  const al2 = pools.filter(({ pool }) => pool.value.image?.os === 'AliyunLinux2');
  const minor = kubernetesVersion === undefined ? undefined : kubernetesMinor(kubernetesVersion);

  // AliyunLinux2 only below 1.30: at each such pool's image.os, whatever catalogue is played.
  if (minor !== undefined && minor >= AL2_FIRST_UNSUPPORTED_MINOR) {
    for (const { index, pool } of al2) {
      issues.push(
        error(
          ['nodePools', index, 'image', 'os'],
          `pool "${pool.value.name ?? index}": ACK creates Alibaba Cloud Linux 2 node pools only below Kubernetes 1.${AL2_FIRST_UNSUPPORTED_MINOR} ("ACK Kubernetes 1.30 release notes"), and the cluster asks for ${kubernetesVersion}`,
          `${MIGRATE_HINT(ctx.file)}, or pin kubernetesVersion below 1.${AL2_FIRST_UNSUPPORTED_MINOR} (catalogue 2024-03 offers ${offeredMinors(getCatalogue('2024-03')).join(', ')})`,
        ),
      );
    }
  }

  if (ctx.partial) return issues;

  const acknowledged = al2.filter(({ pool }) => pool.value.image?.acknowledgeEndOfLife === true);
  for (const { index, pool } of al2) {
    if (pool.value.image?.acknowledgeEndOfLife === true) continue;
    issues.push(
      warning(
        ['nodePools', index, 'image', 'os'],
        `pool "${pool.value.name ?? index}": Alibaba Cloud Linux 2 reached its end of life on ${AL2_END_OF_LIFE} (standard support ended ${AL2_MAINSTREAM_SUPPORT_ENDED}), and today's ACK no longer creates it for node pools`,
        `${MIGRATE_HINT(ctx.file)}; or, for a pool pinned on purpose to an offer that still has it, set image.acknowledgeEndOfLife: true`,
      ),
    );
  }

  if (kubernetesVersion === undefined || parseVersion(kubernetesVersion) === undefined) return issues;
  const path = ['cluster', 'kubernetesVersion'];
  const oldest = oldestKnownMinor();
  if (compareVersions(minorOf(kubernetesVersion), oldest) < 0) {
    issues.push(
      error(path, `Kubernetes ${kubernetesVersion} is older than anything ACK offered in any known catalogue (the oldest is ${oldest})`, `use a version ACK offers today: ${describeOffer(getCatalogue(DEFAULT_CATALOGUE))}`),
    );
    return issues;
  }
  const today = getCatalogue(DEFAULT_CATALOGUE);
  if (offersVersion(today, kubernetesVersion)) return issues;
  // A profile deliberately pinned to an older offer (every AliyunLinux2 pool acknowledged) says so itself.
  const elsewhere = cataloguesOffering(kubernetesVersion);
  if (al2.length > 0 && acknowledged.length === al2.length && elsewhere.length > 0) return issues;
  issues.push(
    warning(
      path,
      `Kubernetes ${kubernetesVersion} is not in today's ACK offer: ${describeOffer(today)}${elsewhere.length > 0 ? `; catalogue ${elsewhere.join(', ')} offered it` : ''}`,
      'pick an offered version (`ackl2 pin` writes the newest patch); create checks the live offer with DescribeKubernetesVersionMetadata',
    ),
  );
  return issues;
};
