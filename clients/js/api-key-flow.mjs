// The official Elasticsearch JavaScript client against Infergate's API keys (issue 16).
//
//   INFERGATE_URL=http://127.0.0.1:9200 ELASTIC_PASSWORD=... node api-key-flow.mjs
//
// As `elastic` (Basic): create an API key limited to monitor_inference. As the key alone
// (`auth: { apiKey: encoded }`): list endpoints (200), try to create one (403 naming the key).
// As `elastic`: invalidate the key; the key's next call is 401. Prints one JSON line with what
// happened and exits 1 if anything differs from Elasticsearch's behaviour, 2 on a setup error.
import { Client, errors } from '@elastic/elasticsearch'

const node = process.env.INFERGATE_URL
const password = process.env.ELASTIC_PASSWORD
if (!node || !password) {
  console.error('set INFERGATE_URL and ELASTIC_PASSWORD')
  process.exit(2)
}

const results = { client: 'elasticsearch-js', checks: [] }
const failures = []

function check (name, ok, detail) {
  results.checks.push({ name, ok, ...(detail === undefined ? {} : { detail }) })
  if (!ok) failures.push(name)
}

/** The client's ResponseError for a call that must fail, or null when it did not. */
async function refusal (call) {
  try {
    await call()
    return null
  } catch (err) {
    if (err instanceof errors.ResponseError) return err
    throw err
  }
}

const elastic = new Client({ node, auth: { username: 'elastic', password } })
let keyClient
try {
  // GET /: the fields the client reads, and the distribution that says Infergate answered (issue 17).
  const info = await elastic.info()
  results.info_version = info.version
  check('info has the Elasticsearch API version and names the distribution',
    typeof info.version.number === 'string' && info.version.number.startsWith('9.') &&
      info.tagline === 'You Know, for Search' && info.version.distribution === 'infergate' &&
      typeof info.version.distribution_version === 'string')

  const created = await elastic.security.createApiKey({
    name: 'js-client-reader-key',
    role_descriptors: { 'inference-reader': { cluster: ['monitor_inference'] } },
    metadata: { client: 'elasticsearch-js' }
  })
  results.api_key_id = created.id
  check('create returns id, name, api_key and encoded',
    typeof created.id === 'string' && created.name === 'js-client-reader-key' &&
      typeof created.api_key === 'string' &&
      Buffer.from(created.encoded, 'base64').toString('utf8') === `${created.id}:${created.api_key}`)

  keyClient = new Client({ node, auth: { apiKey: created.encoded } })

  const listed = await keyClient.inference.get()
  results.get_endpoints = Array.isArray(listed.endpoints) ? listed.endpoints.length : null
  check('get with the key is 200 with endpoints', Array.isArray(listed.endpoints))

  const put = await refusal(() => keyClient.inference.put({
    task_type: 'sparse_embedding',
    inference_id: 'js-client-denied',
    inference_config: {
      service: 'hugging_face',
      service_settings: { api_key: 'hf-js-client-secret', url: 'https://hf.example/models/elser' }
    }
  }))
  results.put_status = put?.statusCode ?? null
  results.put_type = put?.body?.error?.type ?? null
  results.put_reason = put?.body?.error?.reason ?? null
  check('put with the key is 403 security_exception', put?.statusCode === 403 && results.put_type === 'security_exception')
  check('the 403 names the API key', results.put_reason ===
    'action [cluster:admin/xpack/inference/put] is unauthorized for API key id [' + created.id +
    '] of user [elastic], this action is granted by the cluster privileges [manage_inference,manage,all]',
  results.put_reason)

  const invalidated = await elastic.security.invalidateApiKey({ ids: [created.id] })
  results.invalidated_api_keys = invalidated.invalidated_api_keys
  check('invalidate names the key', JSON.stringify(invalidated.invalidated_api_keys) === JSON.stringify([created.id]) &&
    invalidated.error_count === 0)

  const after = await refusal(() => keyClient.inference.get())
  results.after_invalidation_status = after?.statusCode ?? 200
  results.after_invalidation_type = after?.body?.error?.type ?? null
  check('the key is 401 once invalidated', after?.statusCode === 401 && results.after_invalidation_type === 'security_exception')
} catch (err) {
  results.error = err instanceof errors.ResponseError
    ? { status: err.statusCode, body: err.body }
    : String(err?.stack ?? err)
  failures.push('unexpected error')
} finally {
  await elastic.close()
  await keyClient?.close()
}

results.ok = failures.length === 0
if (!results.ok) results.failures = failures
console.log(JSON.stringify(results))
process.exit(results.ok ? 0 : 1)
