import { describe, expect, it } from 'vitest';
import { discoverExisting, findProfileCluster } from '../../src/apply/discover.js';
import { UserError } from '../../src/errors.js';
import { PROFILE_TAG_KEY } from '../../src/plan/types.js';
import { FakeAck } from './fake-cloud.js';

const ours = [{ key: PROFILE_TAG_KEY, value: 'shop' }];
const find = (ack: FakeAck) => findProfileCluster(ack, { name: 'shop', profile: 'shop', deleteCommand: 'ackl2 delete cluster shop' });

describe('finding what a profile made', () => {
  it('finds the cluster by exact name and the ackl2.io/profile tag', async () => {
    const ack = new FakeAck();
    ack.addCluster('shop-old', ours);
    const cluster = ack.addCluster('shop', ours);
    expect((await find(ack))?.clusterId).toBe(cluster.clusterId);
  });

  it('nothing there: undefined', async () => {
    expect(await find(new FakeAck())).toBeUndefined();
  });

  it('a same-named cluster without the tag is not ours: UserError, nothing touched', async () => {
    const ack = new FakeAck();
    const foreign = ack.addCluster('shop', [{ key: 'team', value: 'x' }]);
    const error = await find(ack).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toContain(`already exists in cn-hangzhou (${foreign.clusterId}) but ackl2 did not create it`);
    expect((error as UserError).hint).toContain('another metadata.name');
  });

  it('a cluster being deleted cannot be reused', async () => {
    const ack = new FakeAck();
    ack.addCluster('shop', ours, 'deleting');
    await expect(find(ack)).rejects.toThrow(/being deleted/);
  });

  it('two tagged clusters of one profile: refuse and name both', async () => {
    const ack = new FakeAck();
    const a = ack.addCluster('shop', ours);
    const b = ack.addCluster('shop', ours);
    await expect(find(ack)).rejects.toThrow(new RegExp(`${a.clusterId}, ${b.clusterId}`));
  });

  it('a deleted cluster is gone: a new one may be created', async () => {
    const ack = new FakeAck();
    ack.addCluster('shop', ours, 'deleted');
    expect(await find(ack)).toBeUndefined();
  });

  it('collects the pools and the nodes of the cluster', async () => {
    const ack = new FakeAck();
    const cluster = ack.addCluster('shop', ours);
    const web = ack.addPool(cluster.clusterId, 'web');
    ack.addNode(cluster.clusterId, web.nodepoolId, 'i-1');
    const existing = await discoverExisting(ack, { name: 'shop', profile: 'shop', deleteCommand: '', needNodes: true });
    expect([...existing.pools.keys()]).toEqual(['web']);
    expect(existing.nodes.get('i-1')?.nodepoolId).toBe(web.nodepoolId);
  });
});
