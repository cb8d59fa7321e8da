import { setTimeout as sleep } from 'node:timers/promises';
import { KurrentDBClient } from '@kurrent/kurrentdb-client';
import { KurrentConnection } from './connection.js';

/** Real clients; none of them is ever asked to reach a server here. */
function clients() {
  const made: KurrentDBClient[] = [];
  const disposed: KurrentDBClient[] = [];
  const connect = () => {
    const client = KurrentDBClient.connectionString('kurrentdb+discover://cluster.invalid:2113?tls=false');
    const dispose = client.dispose;
    client.dispose = async () => {
      disposed.push(client);
      await dispose();
    };
    made.push(client);
    return client;
  };
  return { made, disposed, connect };
}

describe('KurrentConnection', () => {
  test('a not-leader answer replaces the client once, however many calls it failed at the same time', async () => {
    const { made, disposed, connect } = clients();
    const connection = new KurrentConnection(connect, 20);
    const first = connection.current;
    expect(connection.replace(first)).toBe(true);
    expect(connection.replace(first)).toBe(false);
    expect(made).toHaveLength(2);
    expect(connection.current).toBe(made[1]);
    // The replaced client serves the calls in flight, then goes.
    expect(disposed).toEqual([]);
    await sleep(60);
    expect(disposed).toEqual([first]);
    await connection.close();
    expect(disposed).toEqual([first, made[1]]);
  });

  test('close disposes the current client and any replaced one still finishing', async () => {
    const { made, disposed, connect } = clients();
    const connection = new KurrentConnection(connect);
    connection.replace(connection.current);
    await connection.close();
    expect(new Set(disposed)).toEqual(new Set(made));
  });
});
