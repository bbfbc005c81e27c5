/**
 * Progress output for long native builds: named, collapsible groups under
 * GitHub Actions (via @actions/core), plain headed sections elsewhere.
 */
import * as core from '@actions/core';

export interface BuildLog {
  group<T>(name: string, work: () => Promise<T>): Promise<T>;
  info(line: string): void;
  warn(line: string): void;
}

export function createBuildLog(env: NodeJS.ProcessEnv = process.env): BuildLog {
  const actions = env.GITHUB_ACTIONS === 'true';
  return {
    async group(name, work) {
      if (actions) {
        return core.group(name, work);
      }
      console.log(`\n── ${name} ──`);
      return work();
    },
    info(line) {
      console.log(line);
    },
    warn(line) {
      if (actions) {
        core.warning(line);
      } else {
        console.warn(`warning: ${line}`);
      }
    },
  };
}
