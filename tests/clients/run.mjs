// Real GraphQL clients against a running server, driven by tests/integration/real_clients.rs:
//
//   node run.mjs apollo   http://127.0.0.1:PORT   Apollo Client with its persisted-queries link
//   node run.mjs urql     http://127.0.0.1:PORT   urql as it sends queries by default (GET)
//   node run.mjs graphiql http://127.0.0.1:PORT   GraphiQL in headless Chromium, offline
//
// Each prints one JSON object on stdout (what the client sent and what it got) for the Rust test
// to check, and exits non-zero with a message when the client itself fails.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const [mode, origin] = process.argv.slice(2);
if (!mode || !origin) {
  console.error('usage: node run.mjs apollo|urql|graphiql http://host:port');
  process.exit(2);
}
const endpoint = `${origin}/graphql`;

// The README's first example: a ward's congress history, found by its name without diacritics.
const README_QUERY = `{
  organizations(search: "cu khoi") {
    nodes {
      name
      parent(on: "2015-04-27") { name }
      congresses {
        ordinalRoman
        term
        openedOn
        closedOn
        committees {
          kind
          seatCount
          members { position person { fullName } }
        }
      }
    }
  }
}`;

// A fetch that records every request the client makes (method, whether the document was sent,
// the status and the caching headers of the answer).
function recordingFetch(sent) {
  return async (input, init = {}) => {
    const url = new URL(String(input));
    const method = (init.method ?? 'GET').toUpperCase();
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : null;
    const entry = {
      method,
      sentDocument: Boolean(body?.query ?? url.searchParams.get('query')),
      sentHash: Boolean(
        body?.extensions?.persistedQuery ?? url.searchParams.get('extensions')?.includes('persistedQuery'),
      ),
    };
    const response = await fetch(input, init);
    entry.status = response.status;
    entry.etag = response.headers.get('etag');
    entry.cacheControl = response.headers.get('cache-control');
    sent.push(entry);
    return response;
  };
}

async function apollo() {
  const { ApolloClient, InMemoryCache, HttpLink, gql } = await import('@apollo/client/core/index.js');
  const { createPersistedQueryLink } = await import('@apollo/client/link/persisted-queries/index.js');
  const sha256 = (text) => createHash('sha256').update(text).digest('hex');
  const sent = [];
  // A new client per run, as a new browser tab would be: nothing cached, the hash sent first.
  const client = () =>
    new ApolloClient({
      cache: new InMemoryCache(),
      link: createPersistedQueryLink({ sha256, useGETForHashedQueries: true }).concat(
        new HttpLink({ uri: endpoint, fetch: recordingFetch(sent) }),
      ),
    });
  const query = gql(README_QUERY);
  const first = await client().query({ query });
  const afterFirst = sent.length;
  const second = await client().query({ query });
  return {
    first: first.data,
    second: second.data,
    firstRun: sent.slice(0, afterFirst),
    secondRun: sent.slice(afterFirst),
  };
}

async function urql() {
  const { Client, fetchExchange, gql } = await import('@urql/core');
  const sent = [];
  // GET for queries whose URL stays short enough, as urql's documentation recommends for
  // cacheable APIs ('within-url-limit'; @urql/core itself defaults to POST).
  const client = new Client({
    url: endpoint,
    exchanges: [fetchExchange],
    preferGetMethod: 'within-url-limit',
    fetch: recordingFetch(sent),
  });
  const history = await client.query(gql(README_QUERY), {}).toPromise();
  const search = await client
    .query(gql`query Find($q: String!) { organizations(search: $q, first: 1) { nodes { __typename id name } } }`, {
      q: 'phu van',
    })
    .toPromise();
  if (history.error) throw history.error;
  if (search.error) throw search.error;
  return { history: history.data, search: search.data, sent };
}

async function graphiql() {
  const { default: puppeteer } = await import('puppeteer-core');
  const executablePath =
    process.env.CHROMIUM_PATH ??
    ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((path) => {
      try {
        readFileSync(path, { flag: 'r' });
        return true;
      } catch {
        return false;
      }
    });
  if (!executablePath) throw new Error('no Chromium: install it (apt-get install chromium) or set CHROMIUM_PATH');
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const page = await browser.newPage();
    // Offline: every request that leaves the server's origin is refused and recorded.
    const outside = [];
    const problems = [];
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      const url = request.url();
      if (url.startsWith('data:') || new URL(url).origin === origin) {
        request.continue();
      } else {
        outside.push(url);
        request.abort();
      }
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    await page.goto(`${origin}/graphiql`, { waitUntil: 'networkidle0', timeout: 30000 });
    await page.waitForSelector('.graphiql-query-editor .CodeMirror', { timeout: 30000 });
    await page.evaluate((query) => {
      document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue(query);
    }, README_QUERY);
    await page.click('.graphiql-execute-button');
    await page.waitForFunction(
      () => {
        const editor = document.querySelector('.graphiql-response .CodeMirror');
        return editor && editor.CodeMirror.getValue().includes('"data"');
      },
      { timeout: 30000 },
    );
    const response = await page.evaluate(() =>
      document.querySelector('.graphiql-response .CodeMirror').CodeMirror.getValue(),
    );
    return { response: JSON.parse(response), outside, problems };
  } finally {
    await browser.close();
  }
}

const modes = { apollo, urql, graphiql };
if (!modes[mode]) {
  console.error(`unknown mode ${mode}`);
  process.exit(2);
}
try {
  const result = await modes[mode]();
  process.stdout.write(JSON.stringify(result));
} catch (error) {
  console.error(error?.stack ?? String(error));
  process.exit(1);
}
