import { useEffect, useState } from 'react';

/** Runs an async read when its inputs change; a stale answer never overwrites a newer one. */
export function useLoaded<T>(read: () => Promise<T>, inputs: readonly unknown[]): { value?: T; error?: Error } {
  const [state, setState] = useState<{ value?: T; error?: Error }>({});
  useEffect(() => {
    let live = true;
    setState({});
    read()
      .then((value) => live && setState({ value }))
      .catch((error: Error) => live && setState({ error }));
    return () => {
      live = false;
    };
    // `read` is a new closure each render; the inputs are what it closes over.
  }, inputs);
  return state;
}
