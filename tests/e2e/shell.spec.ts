// The desktop shell's menu commands reach the UI (File ▸ Download… opens the download dialog, File ▸
// Export Report… exports or explains why it cannot), and browser mode has no shell bridge at all.
// The Electron tests run when ELECTRON_EXEC_PATH names a binary (none can be downloaded here).
import { test, expect } from './fixtures.ts';

test.describe('desktop shell commands', () => {
  test('File ▸ Download… opens the data manager with the download dialog', async ({ workstation }) => {
    test.skip(workstation.target !== 'electron', 'Electron only (needs ELECTRON_EXEC_PATH)');
    const { page, electronApp } = workstation;
    await expect(page.getByTestId('view-chart')).toBeVisible();
    await electronApp!.evaluate(({ Menu }) => Menu.getApplicationMenu()?.getMenuItemById('download')?.click());
    await expect(page.getByTestId('download-dialog')).toBeVisible();
    await expect(page.getByTestId('view-data')).toHaveAttribute('aria-selected', 'true');
  });

  test('File ▸ Export Report… with no backtest yet says so instead of writing an empty report', async ({ workstation }) => {
    test.skip(workstation.target !== 'electron', 'Electron only (needs ELECTRON_EXEC_PATH)');
    const { page, electronApp } = workstation;
    await expect(page.getByTestId('view-chart')).toBeVisible();
    await electronApp!.evaluate(({ Menu }) => Menu.getApplicationMenu()?.getMenuItemById('export-report')?.click());
    await expect(page.getByTestId('view-backtest')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('alert').filter({ hasText: 'no backtest run yet' })).toBeVisible();
  });

  test('browser mode has no shell bridge; imports travel as bytes', async ({ workstation }) => {
    test.skip(workstation.target !== 'browser', 'browser mode only');
    const { page } = workstation;
    await expect(page.getByTestId('view-chart')).toBeVisible();
    expect(await page.evaluate(() => 'regimelabShell' in window)).toBe(false);
  });
});
