// Types of find-zig.cjs (shared with the Nx plug-ins; see that file).
export function findZig(env?: NodeJS.ProcessEnv): string | undefined;
export function zigVersion(env?: NodeJS.ProcessEnv): string;
export const ZIG_VERSION_INPUT: { runtime: string };
