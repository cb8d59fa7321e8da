import { ProblemException } from '../http/problem.js';

/** Where a command acts, as the command executor finds it once the streams are loaded. */
export interface CommandSites {
  /** The site the body names, and where each stream the command writes is now (its battery's site, the site itself). */
  sites: readonly string[];
  /** The command makes a record that does not exist yet and is at no site (a battery's registration). */
  createsRecord: boolean;
}

/**
 * The rule of a key with `siteIds` (API_KEYS_FILE): it writes only where every site the command
 * touches is one of its own. A receipt at its site of a battery the record shows at another
 * site is refused too: it would move that site's battery, so moving between sites takes a key
 * holding both. A command on an existing battery that is at no site (never received, or gone
 * to second life or recycling) is at none of its sites. Only creating a record that is not at
 * any site yet (registration) passes with no site: the receipt that follows names one.
 */
export function requireSiteScope(scope: readonly string[] | undefined, { sites, createsRecord }: CommandSites): void {
  if (scope === undefined) return;
  const allowed = `this key may write only at site${scope.length === 1 ? '' : 's'} ${scope.join(', ')}`;
  const outside = sites.find((site) => !scope.includes(site));
  if (outside !== undefined) {
    throw new ProblemException(403, 'forbidden/site', `${allowed}; this command acts at site ${outside}`, {
      extensions: { siteId: outside },
    });
  }
  if (sites.length === 0 && !createsRecord) throw new ProblemException(403, 'forbidden/site', `${allowed}; this command acts at no site`);
}
