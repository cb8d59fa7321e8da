import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Decided once per file: without Debian's chromium the browser suites are skipped with this reason. */
export const browserUnavailable = existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is missing (apt-get install chromium; .ci/run does)`;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-component-update'],
  });
}

const sessions = new WeakMap<Page, Promise<CDPSession>>();

/**
 * Evaluates an expression in the page through the DevTools protocol. Playwright's own evaluate
 * compiles with eval, which the console's CSP (no 'unsafe-eval') rightly refuses; the protocol's
 * evaluation is the debugger's and is not subject to the page's policy, so the page is tested
 * exactly as served. (Expressions are strings: the test code is typed without the DOM.)
 */
export async function inPage<T>(page: Page, expression: string): Promise<T> {
  if (!sessions.has(page)) sessions.set(page, page.context().newCDPSession(page));
  const session = await sessions.get(page)!;
  const { result, exceptionDetails } = await session.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
  if (exceptionDetails) throw new Error(`in page: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
  return result.value as T;
}

/** Polls an expression in the page until it is truthy. */
export async function untilInPage(page: Page, expression: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await inPage<boolean>(page, `Boolean(${expression})`))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting in the page for ${expression}`);
    await sleep(20);
  }
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core run in the page: its serious and critical violations. */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  if ((await inPage(page, 'typeof window.axe')) === 'undefined') await inPage(page, axeSource);
  const result = await inPage<{ violations: AxeViolation[] }>(
    page,
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => ({ violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })) }))`,
  );
  return result.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/**
 * The words a reader sees (text, and the labels assistive technology reads), leaving out what the
 * page marks as not to be translated (`translate="no"`: ids, free text typed by people) or as
 * English on purpose (`lang="en"`: the language switch's own name).
 */
export function visibleWords(page: Page): Promise<string[]> {
  return inPage(
    page,
    `(() => {
      const words = [];
      const kept = (element) => !element.closest('[translate="no"], [lang="en"]');
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.parentElement && kept(node.parentElement) && node.parentElement.checkVisibility()) words.push(node.textContent);
      }
      for (const element of document.body.querySelectorAll('[aria-label], [placeholder], [title], option')) {
        if (!kept(element)) continue;
        for (const name of ['aria-label', 'placeholder', 'title']) if (element.getAttribute(name)) words.push(element.getAttribute(name));
        if (element.tagName === 'OPTION') words.push(element.textContent);
      }
      return words.join(' ').match(/[A-Za-z][A-Za-zΩ-]*/g) ?? [];
    })()`,
  );
}
