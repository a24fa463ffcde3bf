import type { Locator, Page } from 'playwright-core'

/** The composer: the active stack and the prompt made from it. */
export class ComposerPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto('/composer')
    await this.page.getByRole('heading', { name: 'Composer' }).waitFor()
  }

  stack(): Locator {
    return this.page.getByRole('region', { name: 'Active stack' }).getByRole('listitem')
  }

  prompt(): Locator {
    return this.page.getByTestId('composed-prompt')
  }

  async chooseTool(label: string): Promise<void> {
    await this.page.getByRole('combobox', { name: 'Your tool' }).selectOption({ label })
  }

  async typePrompt(text: string): Promise<void> {
    await this.page.getByRole('textbox', { name: 'Prompt', exact: true }).fill(text)
  }

  async copy(): Promise<string> {
    await this.page.getByRole('button', { name: 'Copy prompt' }).click()
    return this.page.evaluate(() => navigator.clipboard.readText())
  }
}
