import type { Locator, Page } from 'playwright-core'

/** Folders & scans: library roots, scanning, the last scan's summary. */
export class AdminPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto('/admin')
    await this.page.getByRole('heading', { name: 'Folders & scans' }).waitFor()
  }

  async addFolder(path: string): Promise<void> {
    await this.page.getByRole('textbox', { name: 'Folder path on the server' }).fill(path)
    await this.page.getByRole('button', { name: 'Add folder' }).click()
  }

  progress(): Locator {
    return this.page.getByRole('progressbar', { name: 'Scan progress' })
  }

  lastScan(): Locator {
    return this.page.getByRole('region', { name: 'Last scan' })
  }
}
