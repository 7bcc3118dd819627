/** Every failure of an apply says what was left in place and how to resume or clean up. */

import { describe, expect, it } from 'vitest';
import { explainFailure, operationError, type ReachedState } from '../../src/apply/failure.js';
import { CloudError, ConnectionFailed, ExitCode, exitCodeFor, UserError, ValidationFailed } from '../../src/errors.js';
import { connectionFailure } from './fake-cloud.js';

const NEXT = { resume: 'ackl2 create -f shop.yaml', cleanup: 'ackl2 delete cluster shop --region cn-hangzhou' };
const NOTHING: ReachedState = { cluster: undefined, nodePools: [], joined: [] };
const CLUSTER_ONLY: ReachedState = { cluster: { name: 'shop', id: 'c-1', state: 'running', action: 'created' }, nodePools: [{ name: 'web', id: null, state: null, nodes: { desired: 2, total: null, healthy: null, failed: null }, action: 'failed' }], joined: [] };

describe('operationError', () => {
  it('a connection failure stays a connection failure (its own exit code), with the pool named and what is left', () => {
    const error = operationError('nodepool/web', connectionFailure('CreateClusterNodePool'), CLUSTER_ONLY, NEXT);
    expect(error).toBeInstanceOf(ConnectionFailed);
    expect(exitCodeFor(error)).toBe(ExitCode.connectionFailed);
    expect((error as ConnectionFailed).message).toMatch(/^nodepool\/web: CreateClusterNodePool: the connection failed/);
    expect((error as ConnectionFailed).hint).toContain('left in place: cluster c-1 (running). Resume with: ackl2 create -f shop.yaml; or clean up: ackl2 delete cluster shop --region cn-hangzhou');
    expect(error).toMatchObject({ outcome: 'unknown', action: 'CreateClusterNodePool' });
  });
});

describe('explainFailure (before or around the apply: session, discovery, preflight, confirmation)', () => {
  it('a failed preflight says nothing was left in place and how to rerun', () => {
    const issue = { severity: 'error' as const, path: ['cluster', 'network', 'vpcId'], message: 'VPC vpc-x not found' };
    const error = explainFailure(new ValidationFailed([issue], 'preflight of shop.yaml: 1 problem found; nothing was created'), NOTHING, NEXT);
    expect(error).toBeInstanceOf(ValidationFailed);
    expect((error as ValidationFailed).issues).toEqual([issue]);
    expect((error as ValidationFailed).hint).toBe('left in place: nothing. Fix the problems above, then run ackl2 create -f shop.yaml again');
  });

  it('a cloud error during discovery keeps its code and hint and adds what was left', () => {
    const cause = new CloudError({ code: 'Forbidden.RAM', message: 'DescribeClustersV1 failed: denied', requestId: 'R1', hint: 'grant the permission' });
    const error = explainFailure(cause, CLUSTER_ONLY, NEXT) as CloudError;
    expect(error).toBeInstanceOf(CloudError);
    expect(error).toMatchObject({ code: 'Forbidden.RAM', requestId: 'R1', message: 'DescribeClustersV1 failed: denied' });
    expect(error.hint).toBe('grant the permission. left in place: cluster c-1 (running). Resume with: ackl2 create -f shop.yaml; or clean up: ackl2 delete cluster shop --region cn-hangzhou');
  });

  it('an error that already says what was left is passed through as it is', () => {
    const said = new UserError('not confirmed; nothing was changed', { hint: 'rerun and answer y, or add --yes' });
    expect(explainFailure(said, NOTHING, NEXT)).toBe(said);
    const already = new UserError('x', { hint: 'left in place: nothing. Resume with: y' });
    expect(explainFailure(already, NOTHING, NEXT)).toBe(already);
  });

  it('a bug stays a bug', () => {
    const bug = new TypeError('undefined is not a function');
    expect(explainFailure(bug, NOTHING, NEXT)).toBe(bug);
  });
});
