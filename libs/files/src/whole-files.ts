import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

/** For key material: a directory only its owner can enter. */
export async function ensurePrivateDirectory(path: string): Promise<void> {
  await mkdir(path, { recursive: true, mode: 0o700 });
  await chmod(path, 0o700);
}

async function writeDurableTemp(path: string, content: string, mode: number): Promise<string> {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  return temp;
}

async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Replaces `path` whole (default mode 0600): readers see the old or the new content, never a torn file. */
export async function replaceFile(path: string, content: string, mode = 0o600): Promise<void> {
  const temp = await writeDurableTemp(path, content, mode);
  await rename(temp, path);
  await syncDirectory(dirname(path));
}

/**
 * Creates `path` (default mode 0600) only if it doesn't exist yet; returns false when another
 * process got there first. link() is the atomic no-clobber step (two first starts can't both mint
 * a key, two processes can't both take a lock), and the file appears complete, never empty.
 */
export async function createFileExclusive(path: string, content: string, mode = 0o600): Promise<boolean> {
  const temp = await writeDurableTemp(path, content, mode);
  try {
    await link(temp, path);
    await syncDirectory(dirname(path));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp);
  }
}
