/**
 * Every key the emulator answers is a field the SDK's response model knows (its names()), at
 * every depth: the SDK silently drops unknown keys, so a misspelt field would otherwise pass
 * unnoticed. Raw bodies are fetched with the SDK's generic callApi (signed, not cast).
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { darabonba } from '../../src/cloud/sdk.js';
import { clients, clusterRequest, cs, ecs, OpenApiClient, openapi, poolRequest, runningCluster, sdkConfig, steppedEmulator, waitTask, WORLD, type SteppedClock } from './helpers.js';

interface ModelClass {
  names(): Record<string, string>;
  types(): Record<string, unknown>;
}

const isModel = (t: unknown): t is ModelClass => typeof t === 'function' && typeof (t as unknown as ModelClass).names === 'function';

/** Paths of keys the model does not declare. */
function unknownKeys(value: unknown, model: ModelClass, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => unknownKeys(v, model, `${path}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  const names = model.names();
  const types = model.types();
  const byWire = new Map(Object.entries(names).map(([prop, wire]) => [wire, prop]));
  const out: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const prop = byWire.get(key);
    if (prop === undefined) {
      out.push(`${path}.${key}`);
      continue;
    }
    const type = types[prop] as { type?: string; itemType?: unknown; valueType?: unknown } | string | undefined;
    if (isModel(type)) out.push(...unknownKeys(child, type, `${path}.${key}`));
    else if (typeof type === 'object' && type?.type === 'array' && isModel(type.itemType)) out.push(...unknownKeys(child, type.itemType, `${path}.${key}`));
    else if (typeof type === 'object' && type?.type === 'map' && isModel(type.valueType)) {
      for (const [k, v] of Object.entries(child as object)) out.push(...unknownKeys(v, type.valueType, `${path}.${key}.${k}`));
    }
  }
  return out;
}

describe('answers match the SDK response models', () => {
  let emulator: RunningEmulator;
  let clock: SteppedClock;
  let raw: InstanceType<typeof OpenApiClient>;
  let clusterId: string;
  let nodepoolId: string;
  let taskId: string;

  const roa = async (action: string, pathname: string, query: Record<string, string> = {}, bodyType = 'json') => {
    const params = new openapi.$OpenApiUtil.Params({ action, version: '2015-12-15', protocol: 'HTTP', pathname, method: 'GET', authType: 'AK', style: 'ROA', reqBodyType: 'json', bodyType });
    return (await raw.callApi(params, new openapi.$OpenApiUtil.OpenApiRequest({ query }), {} as Parameters<typeof raw.callApi>[2])).body as unknown;
  };
  const rpc = async (action: string, query: Record<string, string>) => {
    const params = new openapi.$OpenApiUtil.Params({ action, version: '2014-05-26', protocol: 'HTTP', pathname: '/', method: 'POST', authType: 'AK', style: 'RPC', reqBodyType: 'formData', bodyType: 'json' });
    return (await raw.callApi(params, new openapi.$OpenApiUtil.OpenApiRequest({ query }), {} as Parameters<typeof raw.callApi>[2])).body as unknown;
  };

  beforeAll(async () => {
    ({ emulator, clock } = await steppedEmulator());
    raw = new OpenApiClient(sdkConfig(emulator));
    const { cs: ack } = clients(emulator);
    clusterId = await runningCluster(ack, 'shapes', clock);
    const pool = await ack.createClusterNodePool(clusterId, poolRequest('web', 2));
    nodepoolId = pool.body!.nodepoolId!;
    taskId = pool.body!.taskId!;
    await waitTask(ack, taskId, clock);
  });
  afterAll(() => emulator.close());

  it('ACK', async () => {
    const cases: [string, unknown, ModelClass][] = [
      ['DescribeClusterDetail', await roa('DescribeClusterDetail', `/clusters/${clusterId}`), cs.DescribeClusterDetailResponseBody],
      ['DescribeClustersForRegion', await roa('DescribeClustersForRegion', `/regions/${WORLD.region}/clusters`), cs.DescribeClustersForRegionResponseBody],
      ['DescribeClusterNodePools', await roa('DescribeClusterNodePools', `/clusters/${clusterId}/nodepools`), cs.DescribeClusterNodePoolsResponseBody],
      ['DescribeClusterNodePoolDetail', await roa('DescribeClusterNodePoolDetail', `/clusters/${clusterId}/nodepools/${nodepoolId}`), cs.DescribeClusterNodePoolDetailResponseBody],
      ['DescribeClusterNodes', await roa('DescribeClusterNodes', `/clusters/${clusterId}/nodes`), cs.DescribeClusterNodesResponseBody],
      ['DescribeTaskInfo', await roa('DescribeTaskInfo', `/tasks/${taskId}`), cs.DescribeTaskInfoResponseBody],
      ['DescribeClusterTasks', await roa('DescribeClusterTasks', `/clusters/${clusterId}/tasks`), cs.DescribeClusterTasksResponseBody],
      ['DescribeClusterUserKubeconfig', await roa('DescribeClusterUserKubeconfig', `/k8s/${clusterId}/user_config`, { PrivateIpAddress: 'true' }), cs.DescribeClusterUserKubeconfigResponseBody],
      ['DescribeKubernetesVersionMetadata', await roa('DescribeKubernetesVersionMetadata', '/api/v1/metadata/versions', { Region: WORLD.region, ClusterType: 'ManagedKubernetes' }, 'array'), cs.DescribeKubernetesVersionMetadataResponseBody],
      ['ListAddons', await roa('ListAddons', '/addons'), cs.ListAddonsResponseBody],
      ['DescribeAddons', await roa('DescribeAddons', '/clusters/components/metadata', { region: WORLD.region }), cs.DescribeAddonsResponseBody],
    ];
    const unknown = Object.fromEntries(cases.map(([action, body, model]) => [action, body ? unknownKeys(body, model) : ['(no body)']]));
    expect(unknown).toEqual(Object.fromEntries(cases.map(([action]) => [action, []])));
  });

  it('ACK changes (the answers of every mutating action), keys known and values of the declared types', async () => {
    const change = async (action: string, method: string, pathname: string, body?: Record<string, unknown>, query: Record<string, string> = {}) => {
      const params = new openapi.$OpenApiUtil.Params({ action, version: '2015-12-15', protocol: 'HTTP', pathname, method, authType: 'AK', style: 'ROA', reqBodyType: 'json', bodyType: 'json' });
      return (await raw.callApi(params, new openapi.$OpenApiUtil.OpenApiRequest({ body, query }), {} as Parameters<typeof raw.callApi>[2])).body as unknown;
    };
    const cluster = (await change('CreateCluster', 'POST', '/clusters', clusterRequest({ name: 'shapes-2' }).toMap())) as { cluster_id: string; task_id: string };
    await waitTask(clients(emulator).cs, cluster.task_id, clock);
    const pool = (await change('CreateClusterNodePool', 'POST', `/clusters/${cluster.cluster_id}/nodepools`, poolRequest('p', 1).toMap())) as { nodepool_id: string; task_id: string };
    await waitTask(clients(emulator).cs, pool.task_id, clock);
    const cases: [string, () => Promise<unknown>, ModelClass][] = [
      ['ModifyClusterNodePool', () => change('ModifyClusterNodePool', 'PUT', `/clusters/${cluster.cluster_id}/nodepools/${pool.nodepool_id}`, { scaling_group: { desired_size: 2 } }), cs.ModifyClusterNodePoolResponseBody],
      ['ScaleClusterNodePool', () => change('ScaleClusterNodePool', 'POST', `/clusters/${cluster.cluster_id}/nodepools/${pool.nodepool_id}`, { count: 1 }), cs.ScaleClusterNodePoolResponseBody],
      ['AttachInstancesToNodePool', () => change('AttachInstancesToNodePool', 'POST', `/clusters/${cluster.cluster_id}/nodepools/${pool.nodepool_id}/attach`, { instances: ['i-bp1spare000001'] }), cs.AttachInstancesToNodePoolResponseBody],
      ['CreateAutoscalingConfig', () => change('CreateAutoscalingConfig', 'POST', `/cluster/${cluster.cluster_id}/autoscale/config`, { expander: 'least-waste' }), cs.CreateAutoscalingConfigResponseBody],
      ['ModifyCluster', () => change('ModifyCluster', 'PUT', `/api/v2/clusters/${cluster.cluster_id}`, { deletion_protection: false }), cs.ModifyClusterResponseBody],
      ['ListTagResources', () => change('ListTagResources', 'GET', '/tags', undefined, { region_id: WORLD.region, resource_type: 'CLUSTER', resource_ids: JSON.stringify([cluster.cluster_id]) }), cs.ListTagResourcesResponseBody],
      ['DeleteCluster', () => change('DeleteCluster', 'DELETE', `/clusters/${cluster.cluster_id}`), cs.DeleteClusterResponseBody],
    ];
    const found: Record<string, string[]> = {};
    for (const [action, send, model] of cases) {
      const body = await send();
      // a task of the previous change must be over before the next one starts
      clock.advance(10_000);
      const problems = body ? unknownKeys(body, model) : ['(no body)'];
      try {
        darabonba().cast(body as object, new (model as unknown as new (m: object) => object)({}));
      } catch (error) {
        problems.push(String(error));
      }
      found[action] = problems;
    }
    expect(found).toEqual(Object.fromEntries(cases.map(([action]) => [action, []])));
  });

  it('ECS', async () => {
    const region = { RegionId: WORLD.region };
    const cases: [string, unknown, ModelClass][] = [
      ['DescribeImages', await rpc('DescribeImages', region), ecs.DescribeImagesResponseBody],
      ['DescribeInstances', await rpc('DescribeInstances', { ...region, PageSize: '100' }), ecs.DescribeInstancesResponseBody],
      ['DescribeInstanceTypes', await rpc('DescribeInstanceTypes', {}), ecs.DescribeInstanceTypesResponseBody],
      ['DescribeVpcs', await rpc('DescribeVpcs', region), ecs.DescribeVpcsResponseBody],
      ['DescribeVSwitches', await rpc('DescribeVSwitches', region), ecs.DescribeVSwitchesResponseBody],
      ['DescribeKeyPairs', await rpc('DescribeKeyPairs', region), ecs.DescribeKeyPairsResponseBody],
      ['DescribeAvailableResource', await rpc('DescribeAvailableResource', { ...region, DestinationResource: 'InstanceType' }), ecs.DescribeAvailableResourceResponseBody],
      ['DescribeZones', await rpc('DescribeZones', region), ecs.DescribeZonesResponseBody],
      ['DescribeRegions', await rpc('DescribeRegions', {}), ecs.DescribeRegionsResponseBody],
    ];
    const unknown = Object.fromEntries(cases.map(([action, body, model]) => [action, body ? unknownKeys(body, model) : ['(no body)']]));
    expect(unknown).toEqual(Object.fromEntries(cases.map(([action]) => [action, []])));
  });
});
