import { KurrentDbEventStore } from '#libs/event-store';
import { kurrentdbTarget } from '../support/targets.js';
import { eventStoreContract } from './event-store.contract.js';

const target = await kurrentdbTarget();

eventStoreContract('KurrentDB', {
  skip: 'skip' in target ? target.skip : undefined,
  async open() {
    if ('skip' in target) throw new Error(target.skip);
    // `open` runs the start-up check: the server must take multi-stream appends.
    const store = await KurrentDbEventStore.open(target.url);
    return {
      store,
      openOtherHandle: () => KurrentDbEventStore.open(target.url),
      async close() {
        await store.close();
        await target.stop();
      },
    };
  },
});
