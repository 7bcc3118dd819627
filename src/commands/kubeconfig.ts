/**
 * `ackl2 kubeconfig --cluster NAME|ID [--write PATH|-] [--private]`: DescribeClusterUserKubeconfig,
 * merged into ~/.kube/config (or $KUBECONFIG's first file) or written alone. Files are mode
 * 0600, written atomically; the credentials reach stdout only with `--write -`.
 */

import { resolve } from 'node:path';
import type { ClusterDetail, ClusterSummary } from '../cloud/types.js';
import { UserError } from '../errors.js';
import { atomicWrite, readIfExists } from '../fs/atomic-write.js';
import { homeOf } from '../home.js';
import { publicEndpointOf } from '../kube/cluster-access.js';
import { contextName, defaultKubeconfigPath, mergeKubeconfig, normalizeKubeconfig, standaloneKubeconfig } from '../kube/kubeconfig.js';
import { resolveCluster } from './cluster-ref.js';
import type { CommandContext } from './context.js';
import { isoTime } from './format.js';
import { withSession } from './online.js';
import { defineCommand, flag, value } from './define.js';
import type { KubeconfigMergedResult, KubeconfigWrittenResult } from '../results/schemas.js';

/** States in which ACK hands out no kubeconfig. */
const NO_KUBECONFIG_STATES = new Set(['initial', 'failed', 'deleting', 'deleted', 'delete_failed']);
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

function isDetail(cluster: ClusterSummary | ClusterDetail): cluster is ClusterDetail {
  return 'metaData' in cluster;
}

export default defineCommand({
  name: 'kubeconfig',
  description: 'fetch the cluster kubeconfig: merge into ~/.kube/config or write a file (mode 0600)',
  options: {
    cluster: value('--cluster <name>', 'cluster name or id', { required: true }),
    write: value('--write <path>', 'write to this file instead of merging into ~/.kube/config'),
    private: flag('--private', 'use the private (VPC) API server address'),
  },
  examples: [
    { command: 'ackl2 kubeconfig --cluster shop-prod --private', comment: 'the VPC address; without --private, the public one (apiServer.publicAccess: true)' },
    'ackl2 kubeconfig --cluster shop-prod --private --write ./kubeconfig',
  ],
  run: async (options, ctx) => {
    const usePrivate = options.private;
    if (options.write !== undefined && options.write.trim() === '') {
      throw new UserError('--write needs a file path (or - for stdout)', { hint: 'e.g. --write ./kubeconfig' });
    }
    await withSession(ctx, async ({ ack, region }) => {
      const found = await resolveCluster(ack, options.cluster);
      if (NO_KUBECONFIG_STATES.has(found.state)) {
        throw new UserError(`cluster ${found.name} (${found.clusterId}) is ${found.state}; ACK gives a kubeconfig only for a running cluster`, {
          hint: found.state === 'initial' ? 'wait until it is running (ackl2 get clusters), then rerun' : 'see ackl2 get clusters',
        });
      }
      if (!usePrivate) {
        const detail = isDetail(found) ? found : await ack.describeClusterDetail(found.clusterId);
        if (publicEndpointOf(detail) === '') {
          throw new UserError(`cluster ${found.name} (${found.clusterId}) has no public API server endpoint`, {
            hint: 'rerun with --private for the VPC-internal endpoint (reachable from inside the VPC, a VPN or Express Connect), or bind an EIP to the API server in the ACK console',
          });
        }
      }
      const answer = await ack.describeClusterUserKubeconfig(found.clusterId, { privateIpAddress: usePrivate });
      const name = contextName(found.name, region);
      const kube = normalizeKubeconfig(answer.config, name);
      const base = {
        ok: true as const,
        cluster: { name: found.name, id: found.clusterId, region },
        context: name,
        endpoint: usePrivate ? ('private' as const) : ('public' as const),
        server: kube.server,
        expiration: isoTime(answer.expiration),
      };
      const expires = base.expiration ? `; its credentials expire ${base.expiration}` : '';

      if (options.write === '-') {
        const standalone = standaloneKubeconfig(kube);
        ctx.reporter.result(standalone.document, () => standalone.text);
        return;
      }
      if (options.write !== undefined) {
        const path = resolve(ctx.cwd, options.write);
        await atomicWrite(path, standaloneKubeconfig(kube).text, { mode: FILE_MODE, dirMode: DIR_MODE });
        const document: KubeconfigWrittenResult = { ...base, file: path, merged: false };
        ctx.reporter.result(document, () => `wrote the kubeconfig of cluster ${found.name} (${found.clusterId}) to ${path} (mode 0600), context ${name}${expires}\nuse it with: kubectl --kubeconfig ${path} get nodes`);
        return;
      }

      const path = defaultKubeconfigPath(ctx.env, homeOf(ctx.env));
      const existing = await readIfExists(path);
      const merged = mergeKubeconfig(existing, kube, path);
      // Written even when unchanged, so the file ends up 0600 whatever its mode was.
      await atomicWrite(path, merged.text, { mode: FILE_MODE, dirMode: DIR_MODE, expected: existing, display: path });
      const isCurrent = merged.currentContext === name;
      const document: KubeconfigMergedResult = { ...base, file: path, merged: true, replaced: merged.replaced, currentContext: merged.currentContext };
      ctx.reporter.result(document, () =>
        [
          `${merged.replaced ? 'updated' : 'added'} context ${name} for cluster ${found.name} (${found.clusterId}) in ${path}${expires}`,
          isCurrent ? `current context: ${name}` : `the current context stays ${merged.currentContext}; switch with: kubectl config use-context ${name}`,
        ].join('\n'),
      );
    });
  },
});
