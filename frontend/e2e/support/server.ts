// Starts the real `lora-manager serve` (built SPA, SQLite in a temp DATA_DIR).
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')

export interface RunningServer {
  url: string
  dataDir: string
  libraryDir: string
  logs: string[]
  stop: () => Promise<void>
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer()
    probe.once('error', fail)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))))
    })
  })
}

async function waitForHealth(url: string, child: ChildProcess, logs: string[]): Promise<void> {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`lora-manager serve exited (${child.exitCode}):\n${logs.join('')}`)
    try {
      if ((await fetch(`${url}/health`)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150))
  }
  throw new Error(`lora-manager serve did not answer in 60 s:\n${logs.join('')}`)
}

export interface ServerOptions {
  env?: Record<string, string>
  /** Prepare DATA_DIR / the library folder before the server starts. */
  before?: (dirs: { dataDir: string; libraryDir: string }) => void
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  if (!existsSync(join(REPO, 'src', 'lora_manager', 'web', 'index.html'))) {
    throw new Error('The web UI is not built: run `npm run build` (or `make frontend`) first.')
  }
  const base = mkdtempSync(join(tmpdir(), 'lm-e2e-'))
  const dataDir = join(base, 'data')
  const libraryDir = join(base, 'loras')
  mkdirSync(dataDir)
  mkdirSync(libraryDir)
  options.before?.({ dataDir, libraryDir })
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const logs: string[] = []
  const bin = process.env.LORA_MANAGER_BIN ?? join(REPO, '.venv', 'bin', 'lora-manager')
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LORA_ROOTS: libraryDir, LOG_FORMAT: 'json', LOG_LEVEL: 'WARNING', ...options.env }
  delete env.DATABASE_URL
  delete env.REDIS_URL
  if (!options.env?.API_KEY) delete env.API_KEY
  const child = spawn(bin, ['serve', '--host', '127.0.0.1', '--port', String(port)], { cwd: base, env, stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout?.on('data', (chunk: Buffer) => logs.push(chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => logs.push(chunk.toString()))
  try {
    await waitForHealth(url, child, logs)
  } catch (error) {
    child.kill('SIGKILL')
    throw error
  }
  return {
    url,
    dataDir,
    libraryDir,
    logs,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
        if (child.exitCode === null) child.kill('SIGKILL')
      }
      rmSync(base, { recursive: true, force: true })
    },
  }
}

/** Call the API directly (setup steps that are not what a test is about). */
export async function apiCall<T>(server: RunningServer, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(server.url + path, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`)
  return (text ? JSON.parse(text) : undefined) as T
}

/** Scan the library through the API and wait until the job is finished. */
export async function scanAndWait(server: RunningServer): Promise<void> {
  const job = await apiCall<{ id: string }>(server, 'POST', '/api/v1/library/scan', {})
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    const state = await apiCall<{ status: string; error?: string }>(server, 'GET', `/api/v1/jobs/${job.id}`)
    if (state.status === 'succeeded') return
    if (state.status === 'failed' || state.status === 'cancelled') throw new Error(`scan ${state.status}: ${state.error}`)
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('scan did not finish in 60 s')
}
