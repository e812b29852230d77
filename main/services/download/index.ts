// Binance public-archive downloader (issue 3). Re-exports only.
export { downloadKlines, resolveBaseUrl, BINANCE_BASE_URL_SETTING, BINANCE_BASE_URL_ENV, type DownloadParams, type DownloadResult, type DownloadEnv } from './download-klines.ts';
export { planKlineArchives, dailyArchivesOf, archiveUrl, normalizeBaseUrl, parseRangeDay, DEFAULT_BINANCE_ARCHIVE_URL, type KlineArchive, type KlineArchivePlan } from './archive-plan.ts';
export { fetchArchive, parseChecksumFile, sha256File, cachePathOf, type ArchiveFetch, type RetryPolicy } from './fetch-archive.ts';
