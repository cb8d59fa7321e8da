/**
 * A TCP relay in front of a server whose link can be cut or frozen. Cut: every open connection is
 * destroyed and new ones are refused until `restore()`, as when the server restarts or the network
 * drops. Frozen: every socket stays open but no byte is passed on until `thaw()`, as when the
 * server hangs (SIGSTOP, a stalled disk, a VM paused) or the network silently drops packets; new
 * connections are accepted and frozen too. Nothing is lost: held bytes, and a side's close, are
 * passed on in order when thawed.
 */
import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';

/** `both` directions, or only the server's `answers` (statements reach it and run; nobody hears back). */
export type Freeze = 'both' | 'answers';

interface Link {
  client: Socket;
  upstream: Socket;
}

export class CuttableProxy {
  private server: Server | undefined;
  private readonly links = new Set<Link>();
  private frozen: Freeze | undefined;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<void> {
    const server = createServer((client) => {
      const link = { client, upstream: connect(this.targetPort, this.targetHost) };
      this.links.add(link);
      relay(client, link.upstream, () => this.frozen === 'both');
      relay(link.upstream, client, () => this.frozen !== undefined);
      for (const socket of [client, link.upstream]) {
        socket.on('close', () => this.links.delete(link));
        socket.on('error', () => {
          client.destroy();
          link.upstream.destroy();
        });
      }
      this.hold(link);
    });
    // The same port again after a cut, so the client's connection string stays valid.
    server.listen(this.port, '127.0.0.1');
    await once(server, 'listening');
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const { client, upstream } of this.links) {
      client.destroy();
      upstream.destroy();
    }
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  restore(): Promise<void> {
    return this.start();
  }

  /** Stops passing bytes on, without closing anything. */
  freeze(what: Freeze = 'both'): void {
    this.frozen = what;
    for (const link of this.links) this.hold(link);
  }

  /** Passes on everything held since `freeze`, then relays as before. */
  thaw(): void {
    this.frozen = undefined;
    for (const { client, upstream } of this.links) {
      client.resume();
      upstream.resume();
    }
  }

  close(): Promise<void> {
    this.thaw();
    return this.cut();
  }

  /** A paused socket is not read: its bytes (and its end) wait in the kernel's buffer. */
  private hold({ client, upstream }: Link): void {
    if (this.frozen === 'both') client.pause();
    if (this.frozen !== undefined) upstream.pause();
  }
}

/** Copies `from` to `to` with back-pressure; a drain resumes `from` only while its direction is not frozen. */
function relay(from: Socket, to: Socket, frozen: () => boolean): void {
  from.on('data', (chunk) => {
    if (!to.write(chunk)) from.pause();
  });
  to.on('drain', () => {
    if (!frozen()) from.resume();
  });
  from.on('end', () => to.end());
}

/** A started relay to the server of a `postgres://` URL, and that URL through the relay. */
export async function relayPostgres(url: string): Promise<{ proxy: CuttableProxy; url: string }> {
  const direct = new URL(url);
  const proxy = new CuttableProxy(direct.hostname, Number(direct.port || 5432));
  await proxy.start();
  const relayed = new URL(url);
  relayed.hostname = '127.0.0.1';
  relayed.port = String(proxy.port);
  return { proxy, url: relayed.toString() };
}
