import { useEffect, useState } from 'react';
import { ApiError, knownPosition, type ApiClient } from './api';
import { VIEW_NAMES, type InventoryView, type Views } from './views';

const POLL_MS = 500;
/** Expiry moves the certificate counts without any event: re-read everything now and then. */
const FULL_REFRESH_MS = 30_000;

/**
 * Follows the views without reloading: the inventory view (which waits for both projections)
 * is polled; when its position moves, the six views are read at that position (`minPosition`),
 * so the dashboard never mixes two moments. After a command of this console, the poll asks for
 * the command's position, so the next picture includes it.
 */
export function useViews(client: ApiClient): { views?: Views; error?: ApiError; updatedAt?: Date } {
  const [state, setState] = useState<{ views?: Views; error?: ApiError; updatedAt?: Date }>({});
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let seen: string | undefined;
    let readAt = 0;
    const tick = async () => {
      try {
        const heartbeat = await client.get<InventoryView>('/views/inventory', { minPosition: knownPosition() });
        if (heartbeat.asOfPosition !== seen || Date.now() - readAt > FULL_REFRESH_MS) {
          const at = heartbeat.asOfPosition;
          const read = await Promise.all(
            VIEW_NAMES.map((name) => (name === 'inventory' ? heartbeat : client.get(`/views/${name}`, { minPosition: at }))),
          );
          seen = at;
          readAt = Date.now();
          if (!stopped)
            setState({
              views: Object.fromEntries(VIEW_NAMES.map((name, index) => [name, read[index]])) as unknown as Views,
              updatedAt: new Date(),
            });
        }
      } catch (error) {
        if (!stopped && error instanceof ApiError) setState((previous) => ({ ...previous, error }));
      }
      if (!stopped) timer = setTimeout(tick, POLL_MS);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [client]);
  return state;
}
