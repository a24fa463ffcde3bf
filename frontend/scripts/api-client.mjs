// Generates the typed API client from the backend's OpenAPI document.
//   node scripts/api-client.mjs          write src/api/openapi.json and src/api/schema.ts
//   node scripts/api-client.mjs --check  fail when the committed files are stale
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import openapiTS, { astToString } from 'openapi-typescript'

const here = dirname(fileURLToPath(import.meta.url))
const repo = resolve(here, '..', '..')
const apiDir = resolve(here, '..', 'src', 'api')
const snapshotPath = join(apiDir, 'openapi.json')
const schemaPath = join(apiDir, 'schema.ts')
const HEADER = '// Generated from the backend OpenAPI by `npm run gen:api` (make frontend-client).\n// Do not edit by hand.\n\n'

function pythonEnv(dataDir) {
  const env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'WARNING' }
  delete env.API_KEY
  delete env.DATABASE_URL
  return env
}

function liveOpenapi() {
  const python = process.env.PYTHON ?? join(repo, '.venv', 'bin', 'python')
  if (!existsSync(python)) {
    throw new Error(`No Python at ${python}: run \`make unit\` (or set PYTHON) first.`)
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'lm-openapi-'))
  try {
    const out = execFileSync(
      python,
      ['-c', 'import json; from lora_manager.app import create_app; print(json.dumps(create_app().openapi(), indent=2, ensure_ascii=False))'],
      { cwd: repo, env: pythonEnv(dataDir), maxBuffer: 64 * 1024 * 1024 },
    )
    return JSON.parse(out.toString('utf8'))
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

async function render(openapi) {
  const ast = await openapiTS(openapi, { alphabetize: false, exportType: false, defaultNonNullable: false })
  return HEADER + astToString(ast)
}

const openapi = liveOpenapi()
const snapshot = JSON.stringify(openapi, null, 2) + '\n'
const schema = await render(openapi)

if (process.argv.includes('--check')) {
  const stale = []
  if (!existsSync(snapshotPath) || readFileSync(snapshotPath, 'utf8') !== snapshot) stale.push('src/api/openapi.json')
  if (!existsSync(schemaPath) || readFileSync(schemaPath, 'utf8') !== schema) stale.push('src/api/schema.ts')
  if (stale.length) {
    console.error(`The generated API client is stale (${stale.join(', ')} differ from the live OpenAPI).`)
    console.error('Regenerate it with `make frontend-client` (or `cd frontend && npm run gen:api`) and commit the result.')
    process.exit(1)
  }
  console.log('The generated API client matches the live OpenAPI.')
} else {
  writeFileSync(snapshotPath, snapshot)
  writeFileSync(schemaPath, schema)
  console.log(`Wrote ${snapshotPath} and ${schemaPath}`)
}
