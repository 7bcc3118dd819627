import { userInfo } from 'node:os';

/**
 * The home directory of a run: its environment's HOME, else the account's home directory (what
 * `os.homedir()` answers when HOME is unset), never the HOME of the process the run is in.
 */
export function homeOf(env: NodeJS.ProcessEnv): string {
  return env.HOME && env.HOME !== '' ? env.HOME : userInfo().homedir;
}
