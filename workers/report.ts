// Report worker entry point: builds the report model and renders the HTML off the main thread
// (bootstraps and the rolling VaR take seconds on long runs). Reads the charting library here.

import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/umd/node-adapter.js';
import { parentPort } from 'node:worker_threads';
import { buildReportModel } from '../core/report/build-report-model.ts';
import { renderReportHtml } from '../core/report/render-report-html.ts';
import type { ReportApi } from './report-api.ts';
import { readReportAssets } from './report-assets.ts';
import { installErrorTransfer } from './comlink-errors.ts';

if (!parentPort) throw new Error('workers/report must run in a worker thread');
installErrorTransfer();

const api: ReportApi = {
  async render(input) {
    const model = buildReportModel(input);
    const html = renderReportHtml(model, readReportAssets());
    return { html, bytes: new TextEncoder().encode(html).length, title: model.title, sections: model.sections.map((s) => s.id) };
  },
  async buildModel(input) {
    return buildReportModel(input);
  },
};

Comlink.expose(api, nodeEndpoint(parentPort));
