import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomUUID } from 'node:crypto';

export type WriteResult = { ok: true; size: number } | { ok: false; reason: 'too-large' };

/**
 * Files on disk, one per cloudPath. COS keys are flat (`a` and `a/b` may both exist), which a
 * directory tree cannot mirror, so each object is stored under a hash of its cloudPath; the
 * extension is kept so a developer can still open a stored file from the data directory.
 */
export class BlobStore {
  private readonly objects: string;
  private readonly tmp: string;

  constructor(dir: string) {
    this.objects = path.join(dir, 'objects');
    this.tmp = path.join(dir, 'tmp');
    fs.mkdirSync(this.objects, { recursive: true });
    // Anything left in tmp is an upload a crash interrupted; it was never visible, so drop it.
    fs.rmSync(this.tmp, { recursive: true, force: true });
    fs.mkdirSync(this.tmp, { recursive: true });
  }

  private objectPath(cloudPath: string): string {
    const ext = /\.[A-Za-z0-9]{1,10}$/.exec(cloudPath)?.[0].toLowerCase() ?? '';
    return path.join(this.objects, createHash('sha256').update(cloudPath).digest('hex') + ext);
  }

  /**
   * Who uploaded a file through a client endpoint (CloudBase's `resource.openid`), '' for a file the
   * server wrote, undefined when there is no such file. Kept beside the object, so it dies with it.
   */
  owner(cloudPath: string): string | undefined {
    if (this.size(cloudPath) === undefined) return undefined;
    try {
      return fs.readFileSync(this.objectPath(cloudPath) + '.owner', 'utf8');
    } catch {
      return '';
    }
  }

  /** Size in bytes, or undefined if there is no such file. */
  size(cloudPath: string): number | undefined {
    try {
      return fs.statSync(this.objectPath(cloudPath)).size;
    } catch {
      return undefined;
    }
  }

  read(cloudPath: string): Buffer | undefined {
    try {
      return fs.readFileSync(this.objectPath(cloudPath));
    } catch {
      return undefined;
    }
  }

  /** An open stream and its size, taken from the same descriptor so a concurrent overwrite cannot split them. */
  open(cloudPath: string): { stream: fs.ReadStream; size: number; head: Buffer } | undefined {
    let fd: number;
    try {
      fd = fs.openSync(this.objectPath(cloudPath), 'r');
    } catch {
      return undefined;
    }
    const size = fs.fstatSync(fd).size;
    // A positioned read (pread) leaves the descriptor at 0 for the stream.
    const head = Buffer.alloc(Math.min(16, size));
    fs.readSync(fd, head, 0, head.length, 0);
    return { stream: fs.createReadStream('', { fd }), size, head };
  }

  /**
   * Writes to a temporary file, syncs it, then renames it over the target: readers see the old file
   * or the whole new one, never a half. Past `limit` bytes the rest of `source` is read and thrown
   * away rather than abandoned, because leaving an HTTP request unread would reset the connection
   * before the client could read the 413.
   */
  async write(cloudPath: string, source: AsyncIterable<Buffer | string> | Iterable<Buffer>, limit: number, owner = ''): Promise<WriteResult> {
    const tmpFile = path.join(this.tmp, randomUUID());
    const handle = await fs.promises.open(tmpFile, 'wx');
    let size = 0;
    let closed = false;
    try {
      for await (const chunk of source) {
        const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        size += buf.length;
        if (size > limit) continue;
        await handle.write(buf);
      }
      if (size > limit) return { ok: false, reason: 'too-large' };
      await handle.sync();
      await handle.close();
      closed = true;
      // The owner first: a crash in between leaves the previous bytes with an owner the rule allowed to overwrite them.
      const ownerFile = this.objectPath(cloudPath) + '.owner';
      if (owner) await fs.promises.writeFile(ownerFile, owner);
      else await fs.promises.rm(ownerFile, { force: true });
      await fs.promises.rename(tmpFile, this.objectPath(cloudPath));
      return { ok: true, size };
    } finally {
      if (!closed) await handle.close().catch(() => undefined);
      await fs.promises.rm(tmpFile, { force: true });
    }
  }

  /** True if a file was removed. */
  remove(cloudPath: string): boolean {
    try {
      fs.unlinkSync(this.objectPath(cloudPath));
      fs.rmSync(this.objectPath(cloudPath) + '.owner', { force: true });
      return true;
    } catch {
      return false;
    }
  }
}
