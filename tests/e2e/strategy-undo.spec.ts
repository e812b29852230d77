// Undo/redo in the strategy editor: typing in one field is one step, a preset or an example loaded
// is one step, Ctrl+Z / Shift+Ctrl+Z / Ctrl+Y and the buttons walk the history, a new edit drops
// the redo steps, the history is bounded, and it survives a visit to another view.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, artifactsDir } from './fixtures.ts';

const undoButton = (page: Page) => page.getByTestId('strategy-undo');
const redoButton = (page: Page) => page.getByTestId('strategy-redo');
const nameField = (page: Page) => page.locator('.editor .field').filter({ hasText: 'Name' }).locator('input');

test('strategy edits undo and redo by step, with typing coalesced and loads as steps', async ({ workstation }) => {
  const { page } = workstation;
  fs.mkdirSync(artifactsDir, { recursive: true });
  await page.getByTestId('view-backtest').click();
  await expect(undoButton(page)).toBeDisabled();
  await expect(redoButton(page)).toBeDisabled();
  await expect(nameField(page)).toHaveValue('moderate');

  // Typing a word in one field is one step; Ctrl+Z in that field undoes the config, not its text.
  await nameField(page).click();
  await nameField(page).press('End');
  await nameField(page).pressSequentially(' test', { delay: 40 });
  await expect(nameField(page)).toHaveValue('moderate test');
  await expect(undoButton(page)).toHaveAttribute('data-steps', '1');
  await nameField(page).press('Control+z');
  await expect(nameField(page)).toHaveValue('moderate');
  await expect(redoButton(page)).toHaveAttribute('data-steps', '1');
  await nameField(page).press('Control+Shift+z');
  await expect(nameField(page)).toHaveValue('moderate test');
  await nameField(page).press('Control+z');
  await nameField(page).press('Control+y');
  await expect(nameField(page)).toHaveValue('moderate test');

  // A pause longer than the coalescing window starts a new step in the same field.
  await page.waitForTimeout(1300);
  await nameField(page).pressSequentially(' two', { delay: 40 });
  await expect(undoButton(page)).toHaveAttribute('data-steps', '2');

  // Another field, a preset and an example: one step each.
  await page.getByTestId('gate-toggle').check();
  await expect(undoButton(page)).toHaveAttribute('data-steps', '3');
  await page.getByTestId('gate-threshold').fill('0.8');
  await expect(undoButton(page)).toHaveAttribute('data-steps', '4');
  await page.getByTestId('preset-picker').selectOption('aggressive');
  await expect(undoButton(page)).toHaveAttribute('data-steps', '5');
  const example = page.getByTestId('example-picker');
  const firstExample = await example.locator('option').nth(1).getAttribute('value');
  await example.selectOption(firstExample!);
  await expect(undoButton(page)).toHaveAttribute('data-steps', '6');
  const exampleName = await nameField(page).inputValue();
  expect(exampleName).not.toBe('moderate test two');
  await page.screenshot({ path: path.join(artifactsDir, `strategy-undo-example-${workstation.target}.png`) });

  // Back through the steps with the button and Ctrl+Z (focus on the page, not in a field).
  await undoButton(page).click();
  await expect(nameField(page)).toHaveValue('moderate test two');
  await expect(page.getByTestId('preset-picker')).toHaveValue('aggressive');
  await page.locator('.editor h3').click();
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('preset-picker')).toHaveValue('moderate');
  await expect(page.getByTestId('gate-threshold')).toHaveValue('0.8');
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('gate-threshold')).toHaveValue('0.75');
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('gate-toggle')).not.toBeChecked();
  await expect(redoButton(page)).toHaveAttribute('data-steps', '4');

  // The history survives another view (the editor stays mounted), and the palette reaches it.
  await page.getByTestId('view-chart').click();
  await page.getByTestId('view-backtest').click();
  await expect(nameField(page)).toHaveValue('moderate test two');
  await page.keyboard.press('Control+K');
  await page.getByTestId('palette-input').fill('redo strategy');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('gate-toggle')).toBeChecked();
  await redoButton(page).click();
  await expect(page.getByTestId('gate-threshold')).toHaveValue('0.8');
  await expect(redoButton(page)).toHaveAttribute('data-steps', '2');

  // A new edit drops what could be redone.
  await page.getByTestId('gate-threshold').fill('0.7');
  await expect(redoButton(page)).toBeDisabled();
  await expect(undoButton(page)).toHaveAttribute('data-steps', '5');
  await page.screenshot({ path: path.join(artifactsDir, `strategy-undo-${workstation.target}.png`) });
});

test('the undo history is bounded to 100 steps', async ({ workstation }) => {
  const { page } = workstation;
  await page.getByTestId('view-backtest').click();
  const gate = page.getByTestId('gate-toggle');
  for (let i = 0; i < 110; i++) await gate.click();
  await expect(undoButton(page)).toHaveAttribute('data-steps', '100');
  await expect(gate).not.toBeChecked();
  for (let i = 0; i < 100; i++) await undoButton(page).click();
  await expect(undoButton(page)).toBeDisabled();
  await expect(redoButton(page)).toHaveAttribute('data-steps', '100');
  // The oldest ten steps fell off: the earliest state kept is after ten toggles (gate off).
  await expect(gate).not.toBeChecked();
});
