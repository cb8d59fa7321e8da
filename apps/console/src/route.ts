import { useEffect, useState } from 'react';

/** Hash routes (#/batteries, #/battery/ID, #/work/register?battery=ID): the server needs no fallback and nothing secret enters a URL. */
export interface Route {
  path: string[];
  query: URLSearchParams;
}

function current(): Route {
  const [path = '', query = ''] = window.location.hash.replace(/^#\/?/, '').split('?');
  return { path: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(query) };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const update = () => setRoute(current());
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}

export const href = (path: string[], query: Record<string, string | undefined> = {}): string => {
  const params = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1])));
  return `#/${path.map(encodeURIComponent).join('/')}${params.size > 0 ? `?${params}` : ''}`;
};
