// Debian's Chromium driven by playwright-core; a screenshot of every failed test.
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { onTestFailed } from 'vitest'
import { REPO } from './server'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
export const RESULTS_DIR = join(REPO, 'test-results')

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (make test does).`)
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true })
}

export async function newPage(browser: Browser, baseURL: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } })
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL })
  const page = await context.newPage()
  page.setDefaultTimeout(10_000)
  return { context, page }
}

/** Call inside a test: on failure, save a full-page screenshot to test-results/. */
export function screenshotOnFailure(page: () => Page | undefined, name: string): void {
  onTestFailed(async () => {
    const current = page()
    if (!current) return
    mkdirSync(RESULTS_DIR, { recursive: true })
    const file = join(RESULTS_DIR, `${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`)
    await current.screenshot({ path: file, fullPage: true }).catch(() => undefined)
    console.error(`Screenshot of the failure: ${file}`)
  })
}
