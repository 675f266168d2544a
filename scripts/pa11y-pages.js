#!/usr/bin/env node
// pa11y (HTML_CodeSniffer, WCAG 2 AA) over many pages of one site with ONE browser.
//
//   node scripts/pa11y-pages.js URL... > results.json
//
// Pages are checked in the order given, two at a time ($PA11Y_CONCURRENCY): put the longest
// first. Prints a JSON object: {"<url>": [{code, type, message, selector, context}, ...], ...}.
// The browser is Debian's chromium (or $DIT_CHROMIUM); nothing downloads one.
'use strict';

const fs = require('fs');
const pa11y = require('pa11y');
const puppeteer = require('puppeteer');

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
    // Material's search worker fetches the whole search index and builds it on every page
    // load: no part of the page until someone types a query, and on 2 cores it costs more
    // time than the check itself. The search dialog's markup is checked all the same.
    const cdp = await page.createCDPSession();
    await cdp.send('Network.enable');
    await cdp.send('Network.setBlockedURLs', {urls: ['*/search/search_index.json']});
    try {
      for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
        // pa11y would wait for network idle (500 ms quiet); the site's pages are
        // static and local, so the load event is enough, as for the axe tests.
        const response = await page.goto(url, {waitUntil: 'load', timeout: 30000});
        if (!response || response.status() !== 200) {
          results[url] = [{code: 'http-status', type: 'error', selector: '', context: '',
            message: `status ${response && response.status()}`}];
          continue;
        }
        const outcome = await pa11y(url, {
          browser, page, ignoreUrl: true,
          runners: ['htmlcs'], standard: 'WCAG2AA', timeout: 60000,
        });
        results[url] = outcome.issues.map(({code, type, message, selector, context}) =>
          ({code, type, message, selector, context}));
      }
    } finally {
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
