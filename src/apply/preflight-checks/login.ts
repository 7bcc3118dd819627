/** Key pairs exist in the region; passwords are in the environment where one will be sent. */

import type { PreflightCheck } from './types.js';

export const keyPairsExist: PreflightCheck = {
  what: 'key pairs',
  guards: ['create-cluster', 'create-pool', 'login'],
  needs: (target) => ({ keyPairs: target.pools.flatMap(({ pool }) => (pool.login.keyPair === undefined ? [] : [pool.login.keyPair])) }),
  run: (facts, target, at) =>
  target.pools.flatMap(({ pool, index }) => {
    const name = pool.login.keyPair;
    if (name === undefined || facts.keyPairs.get(name)) return [];
    return [at('error', ['nodePools', index, 'login', 'keyPair'], `key pair ${name} does not exist in ${facts.region}`, 'create or import it (aliyun ecs CreateKeyPair / ImportKeyPair), or name an existing one')];
  }),
};

export const passwordsInEnvironment: PreflightCheck = {
  what: 'passwords in the environment',
  guards: ['create-cluster', 'create-pool', 'attach-instances'],
  run: (_facts, target, at) =>
  target.pools.flatMap(({ pool, index }) => {
    const name = pool.login.passwordFromEnv;
    // Only what will be sent needs the secret: a new pool, or instances still to attach.
    const sendsPassword = !target.existingPools?.has(pool.name) || (pool.join?.instanceIds ?? []).some((id) => !target.existingNodes?.has(id));
    if (!name || !sendsPassword || target.env[name]) return [];
    return [at('error', ['nodePools', index, 'login', 'passwordFromEnv'], `environment variable ${name} is not set`, `export ${name} with the node login password`)];
  }),
};
