// Run against `bin/dev` (http://localhost:8080): npm install playwright-core@1.64.1 && node src/test/browser/dev-pages-check.js
// Needs Debian's chromium (apt-get install chromium). Screenshots go to /tmp/pw/.
const fs = require('fs'); fs.mkdirSync('/tmp/pw', { recursive: true });
// Real-browser check of the dev-mode pages: dev login, tenant form (CSRF), validation, detail, pause.
const { chromium } = require('playwright-core');
(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const page = await browser.newPage();
  const base = 'http://localhost:8080';
  await page.goto(base + '/tenants');
  console.log('redirected to', page.url());
  await page.fill('#name', 'Dana Browser');
  await page.click('button[type=submit]');
  console.log('after login', page.url(), await page.textContent('h1'));
  await page.goto(base + '/tenants/new');
  await page.fill('#slug', 'Bad Slug');
  await page.click('button[type=submit]');
  console.log('validation:', (await page.locator('.field-error').allTextContents()).join(' | '));
  await page.screenshot({ path: '/tmp/pw/validation.png', fullPage: true });
  const slug = 'browser-' + Date.now().toString(36);
  await page.fill('#slug', slug);
  await page.fill('#name', 'Browser <b>Shop</b>');
  await page.fill('#wooStoreUrl', 'https://shop.example.com');
  await page.fill('#wooConsumerKey', 'ck_0123456789abcdef0123456789');
  await page.fill('#odooApiKey', 'odoo-key-0123456789abcdef');
  await page.click('button[type=submit]');
  console.log('created:', page.url(), await page.textContent('.notice'));
  const html = await page.content();
  console.log('secret in page:', html.includes('0123456789abcdef0123456789'), 'raw <b> injected:', html.includes('<b>Shop</b>'));
  await page.click('text=Pause');
  console.log('paused:', await page.textContent('.notice'));
  await page.screenshot({ path: '/tmp/pw/detail.png', fullPage: true });
  // Sync settings form: change the documents mode, add a payment-journal row, a hostile product code.
  await page.click('text=Sync settings');
  console.log('settings page:', page.url(), await page.textContent('h1'));
  await page.selectOption('select[name=documents]', 'SALES_ORDER_AND_INVOICE');
  const methods = page.locator('input[name="journal.method"]');
  const journals = page.locator('input[name="journal.journalId"]');
  const free = await methods.count() - 1; // the last blank row
  await methods.nth(free).fill('browser_gateway');
  await journals.nth(free).fill('42');
  await page.fill('input[name=feeProductCode]', '<script>alert(1)</script>');
  await page.click('button[type=submit]');
  console.log('settings saved:', page.url(), await page.textContent('.notice'));
  console.log('documents kept:', await page.inputValue('select[name=documents]'),
    'journal row kept:', (await page.locator('input[name="journal.method"]').evaluateAll(els => els.map(e => e.value))).includes('browser_gateway'),
    'fee code kept as text:', await page.inputValue('input[name=feeProductCode]'));
  console.log('raw <script> injected:', (await page.content()).includes('<script>alert(1)</script>'));
  await page.screenshot({ path: '/tmp/pw/settings.png', fullPage: true });
  await browser.close();
})().catch(e => { console.error(e); process.exit(1); });
