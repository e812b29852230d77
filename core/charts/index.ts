// Chart images for the vision classifier (issue 8). Re-exports only.
export * from './rasterize.ts';
