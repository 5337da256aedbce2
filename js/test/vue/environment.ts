// happy-dom for the DOM, Node's own networking for requests.
//
// happy-dom replaces `fetch` and its companions with its own, and its fetch
// does not honour an abort that comes before its connection opens: a monitor
// disposed with its first probe on the way still reaches the server, which
// a browser's fetch would not do. The engine looks `fetch` up at call time,
// so putting Node's back makes the requests behave as in a browser, and
// keeps `Response`, `AbortController` and `URL` of one and the same realm.

import { builtinEnvironments, type Environment } from 'vitest/runtime'

const NODE_OWN = [
  'fetch',
  'Request',
  'Response',
  'Headers',
  'AbortController',
  'AbortSignal',
  'FormData',
  'URL',
  'URLSearchParams',
] as const

const environment: Environment = {
  name: 'happy-dom-with-node-fetch',
  viteEnvironment: 'client',
  async setup(global, options) {
    const own = NODE_OWN.map((key) => [key, global[key]] as const)
    const happyDom = await builtinEnvironments['happy-dom'].setup(
      global,
      options,
    )
    for (const [key, value] of own) global[key] = value
    return happyDom
  },
}

export default environment
