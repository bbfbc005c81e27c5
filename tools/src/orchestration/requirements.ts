/**
 * What a build cell needs from this machine, checked before the first cmake
 * call so that a missing tool or SDK is named with how to install it.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface Requirement {
  /** A program on PATH, a file that must exist, or a CMake package config. */
  kind: 'command' | 'file' | 'cmake-package';
  name: string;
  /** How to get it, a sentence for the reader, e.g. "apt-get install libtorch-dev". */
  install: string;
  /** What needs it, e.g. "the PyTorch backend". */
  neededBy: string;
}

export interface ProbeEnv {
  path: string;
  cmakePrefixPath: string;
  exists: (path: string) => boolean;
  /** What a file requirement's leading `~/` stands for (shared caches such as ~/.cache/wasmedge-plugins). */
  home?: string;
}

export function currentProbeEnv(env: NodeJS.ProcessEnv = process.env): ProbeEnv {
  return { path: env.PATH ?? '', cmakePrefixPath: env.CMAKE_PREFIX_PATH ?? '', exists: existsSync, home: env.HOME ?? homedir() };
}

/** A file requirement's path, with a leading `~/` made the home directory. */
function filePath(name: string, env: ProbeEnv): string {
  return name.startsWith('~/') ? join(env.home ?? homedir(), name.slice(2)) : name;
}

/** Tools every native build on the host target needs. */
export function hostToolRequirements(languages: readonly ('C' | 'CXX')[]): Requirement[] {
  const tools: Requirement[] = [
    { kind: 'command', name: 'cmake', install: 'apt-get install cmake', neededBy: 'every native build' },
    { kind: 'command', name: 'ninja', install: 'apt-get install ninja-build', neededBy: 'every native build' },
  ];
  if (languages.includes('C')) {
    tools.push({ kind: 'command', name: 'cc', install: 'apt-get install gcc', neededBy: 'C plug-ins' });
  }
  if (languages.includes('CXX')) {
    tools.push({ kind: 'command', name: 'c++', install: 'apt-get install g++', neededBy: 'C++ plug-ins' });
  }
  return tools;
}

const CMAKE_CONFIG_DIRS = ['/usr/lib/cmake', '/usr/share/cmake', '/usr/local/lib/cmake', '/usr/lib/x86_64-linux-gnu/cmake', '/usr/lib/aarch64-linux-gnu/cmake'];

function isSatisfied(req: Requirement, env: ProbeEnv): boolean {
  switch (req.kind) {
    case 'command':
      return env.path.split(delimiter).some((dir) => dir !== '' && env.exists(join(dir, req.name)));
    case 'file':
      return env.exists(filePath(req.name, env));
    case 'cmake-package': {
      const prefixes = env.cmakePrefixPath.split(delimiter).filter(Boolean);
      const dirs = [...prefixes.flatMap((p) => [join(p, 'lib', 'cmake'), join(p, 'share', 'cmake'), p]), ...CMAKE_CONFIG_DIRS];
      const lower = req.name.toLowerCase();
      return dirs.some(
        (dir) =>
          env.exists(join(dir, req.name, `${req.name}Config.cmake`)) ||
          env.exists(join(dir, req.name, `${lower}-config.cmake`)),
      );
    }
  }
}

/** The requirements this machine does not meet, each as a sentence. */
export function findMissing(requirements: readonly Requirement[], env: ProbeEnv = currentProbeEnv()): string[] {
  return requirements
    .filter((req) => !isSatisfied(req, env))
    .map((req) => `${req.neededBy} needs ${describe(req)}: ${req.install}`);
}

function describe(req: Requirement): string {
  switch (req.kind) {
    case 'command':
      return `the program ${req.name} on PATH`;
    case 'file':
      return req.name;
    case 'cmake-package':
      return `the CMake package ${req.name} (or CMAKE_PREFIX_PATH pointing at it)`;
  }
}
