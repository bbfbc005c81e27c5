/**
 * Whether a process with this pid exists: for lock and work files named
 * after the process that made them, so that one left by a killed process
 * can be taken over. EPERM means it exists but belongs to someone else.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
