import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import { ConfigError } from '#libs/config';
import { checkApiKeysFile, withKeyIds } from './api-keys-file.js';
import type { ApiKeyRing } from './api-keys.js';

/**
 * How often API_KEYS_FILE is read again. The contract gives a removed key 5 s to stop working;
 * reading a small file once a second costs nothing and, unlike fs.watch, sees an editor's
 * rename-over-the-old-file and a mount that sends no events alike.
 */
export const API_KEYS_FILE_POLL_MS = 1000;

/** Stands for "no content" in `lastContent`: no file's text holds a NUL. */
const UNREADABLE = '\0unreadable';

/**
 * Keeps the ring's file keys equal to API_KEYS_FILE while the server runs. A file that turns
 * unreadable or invalid leaves the last good set in force and is logged as an error (once per
 * distinct content), so a half-saved edit never locks everyone out or crashes the process.
 */
export class ApiKeysFileWatcher {
  private timer?: NodeJS.Timeout;
  private lastContent?: string;
  private reading?: Promise<void>;

  constructor(
    private readonly path: string,
    private readonly ring: ApiKeyRing,
    private readonly log: Logger,
    private readonly production: boolean,
  ) {}

  /** Loads the file once (a bad file is a ConfigError: the server does not start), then polls it. */
  async start(): Promise<void> {
    await this.load(await readFile(this.path, 'utf8'));
    this.timer = setInterval(() => {
      this.reading ??= this.poll().finally(() => (this.reading = undefined));
    }, API_KEYS_FILE_POLL_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.reading;
  }

  private async poll(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      this.refuse(`cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, UNREADABLE);
      return;
    }
    if (text === this.lastContent) return;
    try {
      await this.load(text);
    } catch (error) {
      // Whatever went wrong, a running server keeps serving with the keys it has.
      this.refuse(error instanceof ConfigError ? error.message : `could not be loaded (${String(error)})`, text);
    }
  }

  private async load(text: string): Promise<void> {
    const checked = checkApiKeysFile(text, { production: this.production, fixedDigests: this.ring.fixedDigests() });
    const keys = await withKeyIds(checked);
    this.ring.replaceFileKeys(keys);
    const reloaded = this.lastContent !== undefined;
    this.lastContent = text;
    this.log.info(
      { path: this.path, keys: keys.length, sha256: sha256(text) },
      reloaded ? 'API_KEYS_FILE re-read: its keys are in force' : 'API_KEYS_FILE loaded',
    );
  }

  /** `content` marks what was refused, so one bad save is logged once, not every second. */
  private refuse(reason: string, content: string): void {
    if (content === this.lastContent) return;
    this.lastContent = content;
    this.log.error({ path: this.path }, `API_KEYS_FILE ${reason.replace(/^API_KEYS_FILE /, '')}: keeping the last good set of keys`);
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
