import fs from 'node:fs';
import path from 'node:path';

/**
 * One emulator per data directory: transaction state and write sequence live in the process, so a
 * second process on the same files would break them. A lock left by a killed process is taken over.
 */
export function acquireDataLock(dataDir: string): () => void {
  const file = path.join(dataDir, 'emulator.lock');
  try {
    const pid = Number(fs.readFileSync(file, 'utf8'));
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(`data directory ${dataDir} is in use by another emulator (pid ${pid}); stop it or pick another --data`);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.writeFileSync(file, String(process.pid));
  return () => {
    try {
      if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.rmSync(file);
    } catch {
      // already gone
    }
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
