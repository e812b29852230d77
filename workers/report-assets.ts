// The files the report inlines, read on the Node side (core reads no files): the lightweight-charts
// standalone build and its Apache-2.0 licence, found through the package's own package.json (its
// `exports` map hides dist/ from bare-specifier resolution).

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ReportAssets } from '../core/report/render-report-html.ts';

let cached: ReportAssets | null = null;

export function chartLibraryDir(): string {
  return path.dirname(createRequire(import.meta.url).resolve('lightweight-charts/package.json'));
}

export function readReportAssets(): ReportAssets {
  if (cached) return cached;
  const dir = chartLibraryDir();
  cached = {
    chartLibrary: fs.readFileSync(path.join(dir, 'dist', 'lightweight-charts.standalone.production.js'), 'utf8'),
    chartLibraryLicense: fs.readFileSync(path.join(dir, 'LICENSE'), 'utf8'),
  };
  return cached;
}
