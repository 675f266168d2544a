#!/usr/bin/env node
// One pass over many pages of a site with ONE browser: each page is loaded once, and on that
// load are checked what the page loads and what pa11y (HTML_CodeSniffer, WCAG 2 AA) finds.
//
//   node scripts/pa11y-pages.js URL... > results.json
//
// Pages are checked in the order given, two at a time ($PA11Y_CONCURRENCY): put the longest
// first. Prints a JSON object, by URL:
//   {"status": 200, "issues": [{code, type, message, selector, context}, ...],
//    "console": ["<console error or uncaught exception>", ...],
//    "external": ["<any request that left 127.0.0.1>", ...],
//    "phoneWidth": <the page's scroll width at 360 CSS px>}
// The browser is Debian's chromium (or $DIT_CHROMIUM); nothing downloads one.
'use strict';

const fs = require('fs');
const pa11y = require('pa11y');
const puppeteer = require('puppeteer');

// The phone the page is laid out for first (the sideways-scrolling check); pa11y then sets
// its own desktop viewport (1280 x 1024) before HTML_CodeSniffer runs.
const PHONE = {width: 360, height: 740};
const LOCAL = /^(http:\/\/127\.0\.0\.1[:/]|data:|blob:|about:)/;
const SEARCH_INDEX = /\/search\/search_index\.json$/;

function chromium() {
  const candidates = [process.env.DIT_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find(p => p && fs.existsSync(p));
  if (!found) {
    throw new Error('Chromium was not found: run `make browser`, or set DIT_CHROMIUM.');
  }
  return found;
}

async function main() {
  const urls = process.argv.slice(2);
  if (urls.length === 0) {
    throw new Error('usage: pa11y-pages.js URL...');
  }
  const browser = await puppeteer.launch({
    executablePath: chromium(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const results = {};
  const queue = [...urls];
  const concurrency = Math.max(1, Number(process.env.PA11Y_CONCURRENCY) || 2);
  async function worker() {
    const page = await browser.newPage();
    let seen = null; // what the page being checked has logged and asked for
    page.on('console', message => {
      if (seen && message.type() === 'error') {
        const where = message.location() && message.location().url;
        seen.console.push(where ? `${message.text()} @ ${where}` : message.text());
      }
    });
    page.on('pageerror', error => {
      // The search index is not fetched (below), and Material's search reports that as an
      // uncaught "Network error": any other failed request is reported by 'requestfailed'.
      if (seen && error.message !== 'Network error') {
        seen.console.push(`uncaught: ${error.message}`);
      }
    });
    page.on('request', request => {
      if (seen && !LOCAL.test(request.url())) {
        seen.external.push(request.url());
      }
    });
    page.on('requestfailed', request => {
      if (seen && !SEARCH_INDEX.test(request.url())) {
        seen.console.push(`request failed: ${request.url()} (${request.failure().errorText})`);
      }
    });
    // Material's search worker fetches the whole search index and builds it on every page
    // load: no part of the page until someone types a query, and it costs about as much as
    // the rest of the check (search is tested on its own, in tests/test_browser.py).
    const cdp = await page.createCDPSession();
    await cdp.send('Network.enable');
    await cdp.send('Network.setBlockedURLs', {urls: ['*/search/search_index.json']});
    try {
      for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
        seen = {console: [], external: []};
        await page.setViewport(PHONE);
        // pa11y would wait for network idle (500 ms quiet); the site's pages are
        // static and local, so the load event is enough, as for the axe tests.
        const response = await page.goto(url, {waitUntil: 'load', timeout: 30000});
        const result = {status: response ? response.status() : null, ...seen};
        results[url] = result;
        if (result.status !== 200) {
          result.issues = [];
          continue;
        }
        result.phoneWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        const outcome = await pa11y(url, {
          browser, page, ignoreUrl: true,
          runners: ['htmlcs'], standard: 'WCAG2AA', timeout: 60000,
        });
        result.issues = outcome.issues.map(({code, type, message, selector, context}) =>
          ({code, type, message, selector, context}));
      }
    } finally {
      seen = null;
      await page.close();
    }
  }
  try {
    await Promise.all(Array.from({length: concurrency}, worker));
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(results, null, 1) + '\n');
}

main().catch(error => {
  process.stderr.write(`pa11y-pages: ${error.stack || error}\n`);
  process.exit(2);
});
