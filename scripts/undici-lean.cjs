'use strict';
// The bundle's stand-in for `undici`: only what @kubernetes/client-node and the tutor import from it
// (fetch, Agent, ProxyAgent). undici's index loads everything else too (WebSocket, EventSource, caches,
// mocks, interceptors), about 0.7 MB of code that `check` would parse on every start.
module.exports = {
  fetch: require('undici/lib/web/fetch/index.js').fetch,
  Agent: require('undici/lib/dispatcher/agent.js'),
  ProxyAgent: require('undici/lib/dispatcher/proxy-agent.js'),
};
