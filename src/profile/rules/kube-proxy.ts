/**
 * kube-proxy's IPVS mode is deprecated from Kubernetes 1.35 ("ACK Kubernetes 1.35 release notes";
 * KEP-5495): a profile that writes proxyMode: ipvs for such a cluster hears it.
 */

import { KUBERNETES_MINOR, minorAtLeast } from '../../scenarios/support.js';
import { warning, type Rule } from './types.js';

export const kubeProxyRules: Rule = ({ network, kubernetesVersion }, ctx) => {
  if (ctx.partial || !network?.written.has('proxyMode') || network.value.proxyMode !== 'ipvs') return [];
  if (kubernetesVersion === undefined || !minorAtLeast(kubernetesVersion, KUBERNETES_MINOR.ipvsDeprecated)) return [];
  return [
    warning(
      ['cluster', 'network', 'proxyMode'],
      `kube-proxy's IPVS mode is deprecated from Kubernetes 1.${KUBERNETES_MINOR.ipvsDeprecated}, and this cluster asks for ${kubernetesVersion}`,
      'use proxyMode: iptables (with terwayDataPathV2 on 1.34+ no kube-proxy runs at all, and proxyMode is not sent)',
    ),
  ];
};
