// classifyResponse on real bodies from the servers people run, and on the
// headers that change a verdict (Retry-After, Date, Location).

import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { before, test } from 'node:test'

import { classifyResponse, loadEngine } from 'vue-backend-health/core'

import { BODIES } from './helpers.mjs'

before(() => loadEngine())

/** The fixture `name`, as the text a server would send. */
function body(name) {
  assert.ok(BODIES, 'BACKEND_HEALTH_BODIES names the fixtures directory')
  return readFileSync(join(BODIES, name), 'utf8')
}

const TYPES = {
  json: 'application/json',
  health: 'application/health+json',
  text: 'text/plain; charset=utf-8',
  html: 'text/html',
}

// fixture, HTTP status, content type, status, reason, dependencies
const TABLE = [
  ['ietf_draft.json', 200, TYPES.health, 'degraded', 'warn', 4],
  ['ietf_older_draft.json', 200, TYPES.health, 'degraded', 'warn', 2],
  ['spring_default.json', 200, TYPES.json, 'healthy', 'ok', 0],
  ['spring_v3_components.json', 200, TYPES.json, 'healthy', 'ok', 5],
  ['spring_v2_details.json', 200, TYPES.json, 'healthy', 'ok', 2],
  ['spring_down.json', 503, TYPES.json, 'unavailable', 'server-error', 3],
  [
    'spring_readiness_out_of_service.json',
    503,
    TYPES.json,
    'maintenance',
    'maintenance',
    1,
  ],
  ['etcd_34_healthy.json', 200, TYPES.text, 'healthy', 'ok', 0],
  ['etcd_35_no_leader.json', 503, TYPES.text, 'unavailable', 'server-error', 0],
  [
    'kubernetes_readyz_verbose_passed.txt',
    200,
    TYPES.text,
    'healthy',
    'ok',
    33,
  ],
  [
    'kubernetes_readyz_verbose_failed.txt',
    500,
    TYPES.text,
    'unavailable',
    'server-error',
    33,
  ],
  ['plain_ok.txt', 200, TYPES.text, 'healthy', 'ok', 0],
  ['prometheus_ready.txt', 200, TYPES.text, 'healthy', 'unrecognized-body', 0],
  ['nginx_502.html', 502, TYPES.html, 'unavailable', 'server-error', 0],
  ['haproxy_503.html', 503, TYPES.html, 'unavailable', 'server-error', 0],
]

for (const [name, code, type, status, reason, count] of TABLE) {
  test(`${name} answered with ${code} is ${status} (${reason})`, () => {
    const result = classifyResponse({
      status: code,
      headers: { 'Content-Type': type },
      body: body(name),
    })
    assert.equal(result.status, status)
    assert.equal(result.reason, reason)
    assert.equal(result.httpStatus, code)
    assert.equal(result.dependencies.length, count)
    assert.equal(result.retryAfterMs, null)
  })
}

test('the IETF draft example gives its release and its dependencies by name', () => {
  const result = classifyResponse({
    status: 200,
    headers: { 'content-type': TYPES.health },
    body: body('ietf_draft.json'),
  })
  assert.deepEqual(result.release, {
    version: '1',
    releaseId: '3.8.1-build.412',
  })
  const names = result.dependencies.map((d) => d.name)
  assert.deepEqual(names.slice(2), ['uptime', 'cpu'])
  const first = result.dependencies[0]
  assert.equal(first.status, 'warn')
  assert.equal(first.latencyMs, 42)
})

test('a Spring Boot body that is already parsed is read like its text', () => {
  const parsed = JSON.parse(body('spring_down.json'))
  const result = classifyResponse({ status: 200, body: parsed })
  assert.equal(result.status, 'unavailable')
  assert.equal(result.reason, 'body-reports-failure')
  const db = result.dependencies.find((d) => d.name === 'db')
  assert.equal(db.status, 'fail')
  assert.match(db.output, /CannotGetJdbcConnectionException/)
})

test('no body and a 204 are healthy', () => {
  assert.equal(classifyResponse({ status: 200 }).status, 'healthy')
  assert.equal(classifyResponse({ status: 204, body: null }).reason, 'ok')
})

test('Retry-After in seconds turns a 503 into maintenance, from a Headers object', () => {
  const headers = new Headers({ 'Retry-After': '120' })
  const result = classifyResponse({ status: 503, headers })
  assert.equal(result.status, 'maintenance')
  assert.equal(result.reason, 'maintenance')
  assert.equal(result.retryAfterMs, 120_000)
})

test('header names in a plain object are read in any case', () => {
  const result = classifyResponse({
    status: 503,
    headers: { 'RETRY-after': '40', 'Content-TYPE': TYPES.html },
    body: body('haproxy_503.html'),
  })
  assert.equal(result.status, 'maintenance')
  assert.equal(result.retryAfterMs, 40_000)
})

test("a Retry-After HTTP-date is measured from the answer's Date", () => {
  const result = classifyResponse({
    status: 503,
    headers: {
      'Retry-After': 'Wed, 21 Oct 2015 07:28:00 GMT',
      Date: 'Wed, 21 Oct 2015 07:27:30 GMT',
    },
  })
  assert.equal(result.status, 'maintenance')
  assert.equal(result.retryAfterMs, 30_000)
})

test('a Retry-After HTTP-date without a Date is measured from now', () => {
  const at = new Date(Date.now() + 90_000).toUTCString()
  const result = classifyResponse({
    status: 503,
    headers: { 'retry-after': at },
  })
  // HTTP-dates have whole seconds, so up to one is lost.
  assert.ok(
    result.retryAfterMs > 88_000 && result.retryAfterMs <= 90_000,
    `${result.retryAfterMs}`,
  )
})

test('a Retry-After date in the past is a zero wait', () => {
  const result = classifyResponse({
    status: 429,
    headers: new Headers({ 'Retry-After': 'Thu, 01 Jan 2015 00:00:00 GMT' }),
  })
  assert.equal(result.status, 'degraded')
  assert.equal(result.reason, 'rate-limited')
  assert.equal(result.retryAfterMs, 0)
})

test('a redirect to a login page is unauthorized; another redirect is not', () => {
  const login = classifyResponse({
    status: 302,
    headers: { Location: '/login?next=%2Freadyz' },
  })
  assert.equal(login.status, 'unauthorized')
  assert.equal(login.reason, 'login-redirect')
  const moved = classifyResponse({
    status: 301,
    headers: { location: '/v2/readyz' },
  })
  assert.equal(moved.status, 'unavailable')
  assert.equal(moved.reason, 'misconfigured')
})

test('401, 403, 404 and 429 get their own reasons', () => {
  const reasons = [401, 403, 404, 429].map((status) => {
    const { status: shown, reason } = classifyResponse({ status })
    return `${status} ${shown} ${reason}`
  })
  assert.deepEqual(reasons, [
    '401 unauthorized unauthorized',
    '403 unauthorized forbidden',
    '404 unavailable misconfigured',
    '429 degraded rate-limited',
  ])
})

test('JSON that is no object is an unrecognised body; text that is not JSON is malformed', () => {
  const json = { 'content-type': 'application/json' }
  for (const text of ['"ok"', 'true', '5', 'null', '[]']) {
    const result = classifyResponse({ status: 200, headers: json, body: text })
    assert.equal(result.status, 'healthy', text)
    assert.equal(result.reason, 'unrecognized-body', text)
  }
  for (const text of ['{"status":', "{'status': 'pass'}", 'ok', '<html>']) {
    const result = classifyResponse({ status: 200, headers: json, body: text })
    assert.equal(result.reason, 'malformed-body', text)
  }
})
