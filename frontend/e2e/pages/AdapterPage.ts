import type { Locator, Page } from 'playwright-core'

/** One adapter's detail screen. */
export class AdapterPage {
  constructor(readonly page: Page) {}

  heading(): Locator {
    return this.page.getByRole('heading', { level: 1 })
  }

  triggerWords(): Locator {
    return this.page.getByRole('region', { name: 'Trigger words' })
  }

  tags(): Locator {
    return this.page.getByRole('list', { name: 'Tags' }).getByRole('listitem')
  }

  async addTag(tag: string): Promise<void> {
    const input = this.page.getByRole('textbox', { name: 'Add a tag' })
    await input.fill(tag)
    await input.press('Enter')
  }

  async save(): Promise<void> {
    await this.page.getByRole('button', { name: 'Save', exact: true }).click()
    await this.page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor()
  }

  async openTab(name: string): Promise<Locator> {
    await this.page.getByRole('tab', { name }).click()
    return this.page.getByRole('tabpanel')
  }
}
