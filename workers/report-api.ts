// The report worker's interface as main sees it through comlink. Types only: main/services imports
// this file for the shape and spawns workers/report.ts (built to out/workers/report.mjs).

import type { ReportInput } from '../core/report/report-input.ts';
import type { ReportModel } from '../core/report/report-model.ts';

export type RenderedReport = { html: string; bytes: number; title: string; sections: string[] };

export type ReportApi = {
  /** Builds the report model (core/report) and renders it to one self-contained HTML file. */
  render(input: ReportInput): Promise<RenderedReport>;
  /** The model only (for a viewer that renders it itself, and for tests). */
  buildModel(input: ReportInput): Promise<ReportModel>;
};
