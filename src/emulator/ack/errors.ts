/**
 * ACK's error answers. Codes marked (cloud) are the ones ACK is known to return; the others
 * are this emulator's choice in ACK's style (see docs/emulator.md), kept in one table so
 * tests and docs agree.
 */

import { ApiError } from '../api-error.js';

export const ACK_ERRORS = {
  clusterNotFound: { status: 404, code: 'ErrorClusterNotFound' }, // (cloud)
  nodePoolNotFound: { status: 404, code: 'ErrorNodePoolNotFound' }, // (cloud)
  clusterState: { status: 400, code: 'ErrorClusterState' }, // (cloud)
  invalidParameter: { status: 400, code: 'InvalidParameter' }, // (cloud)
  taskNotFound: { status: 404, code: 'ErrorTaskNotFound' },
  ackNotActivated: { status: 400, code: 'ErrorServiceNotActivated' },
  nodePoolState: { status: 400, code: 'ErrorNodePoolState' },
  duplicateClusterName: { status: 400, code: 'ErrorClusterNameAlreadyExist' },
  duplicateNodePoolName: { status: 400, code: 'ErrorNodePoolNameAlreadyExist' },
  regionNotFound: { status: 400, code: 'ErrorRegionNotFound' },
  vpcNotFound: { status: 400, code: 'ErrorVpcNotFound' },
  vswitchNotFound: { status: 400, code: 'ErrorVSwitchNotFound' },
  vswitchNotInVpc: { status: 400, code: 'ErrorVSwitchNotInVpc' },
  cidrConflict: { status: 400, code: 'ErrorCidrConflict' },
  instanceTypeNotSupported: { status: 400, code: 'ErrorInstanceTypeNotSupported' },
  runtimeNotSupported: { status: 400, code: 'ErrorRuntimeNotSupported' },
  imageTypeNotSupported: { status: 400, code: 'ErrorImageTypeNotSupported' },
  imageNotFound: { status: 400, code: 'ErrorImageNotFound' },
  kubernetesVersionNotSupported: { status: 400, code: 'ErrorKubernetesVersionNotSupported' },
  deletionProtection: { status: 400, code: 'ErrorDeletionProtection' },
  keyPairNotFound: { status: 400, code: 'ErrorKeyPairNotFound' },
  instanceNotFound: { status: 400, code: 'ErrorInstanceNotFound' },
  instanceAlreadyInCluster: { status: 400, code: 'ErrorInstanceAlreadyInCluster' },
  instanceNotRunning: { status: 400, code: 'ErrorInstanceNotRunning' },
  instanceNotInVpc: { status: 400, code: 'ErrorInstanceNotInVpc' },
} as const;

export type AckErrorName = keyof typeof ACK_ERRORS;

export function ackError(name: AckErrorName, message: string): ApiError {
  const { status, code } = ACK_ERRORS[name];
  return new ApiError(status, code, message);
}
