import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { AdminPage } from './pages/AdminPage'
import { LibraryPage } from './pages/LibraryPage'
import { launchBrowser, newPage, screenshotOnFailure } from './support/browser'
import { writeLora, type LoraSpec } from './support/loraFiles'
import { startServer, type RunningServer } from './support/server'

const FILES = 24
const PAD = 12 * 1024 * 1024
let server: RunningServer
let browser: Browser
let context: BrowserContext
let page: Page
let folder: string

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'lm-e2e-nas-'))
  for (let i = 0; i < FILES; i++) {
    const spec: LoraSpec = { name: `Scanned Style ${String(i).padStart(2, '0')}`, family: i % 2 ? 'sdxl' : 'sd1', baseModel: i % 2 ? 'SDXL 1.0' : 'SD 1.5', triggerWords: [`scanword${i}`], padBytes: PAD }
    writeLora(folder, spec, 100 + i)
  }
  server = await startServer({ env: { LORA_ROOTS: '' } })
  browser = await launchBrowser()
  ;({ context, page } = await newPage(browser, server.url))
})
afterAll(async () => {
  await context?.close()
  await browser?.close()
  await server?.stop()
  rmSync(folder, { recursive: true, force: true })
})

it('guides a new user from an empty library to a scanned folder', async () => {
  screenshotOnFailure(() => page, 'admin-first-scan')
  const library = new LibraryPage(page)
  await library.open()
  await page.getByRole('heading', { name: 'No library folders yet' }).waitFor()
  await page.getByRole('link', { name: 'Add a folder' }).click()

  const admin = new AdminPage(page)
  await page.getByRole('heading', { name: 'Folders & scans' }).waitFor()
  await admin.addFolder(folder)
  // The bar shows a percentage while the scan runs; a fast machine may finish the
  // scan between two polls of the page, so the bar is awaited only while it is up
  // (its rendering has its own component test).
  await Promise.race([admin.progress().waitFor({ timeout: 60_000 }), admin.lastScan().waitFor({ timeout: 60_000 })])
  const text = await admin.progress().getAttribute('aria-valuetext', { timeout: 1_000 }).catch(() => null)
  if (text !== null) expect(text).toMatch(/%$|working/)

  await admin.lastScan().waitFor({ timeout: 60_000 })
  const summary = await admin.lastScan().textContent()
  expect(summary).toContain('succeeded')
  expect(summary).toMatch(new RegExp(`Added\\s*${FILES}`))
  await page.getByRole('region', { name: 'Library folders' }).getByText(`${FILES} adapters`).waitFor()

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).click()
  await library.search('scanword7')
  await expect.poll(() => library.names()).toEqual(['Scanned Style 07'])
})
