// Candle import: parsing, validation and repair of exchange files (issue 3). Re-exports only.
export { parseCandleFile, type ParseCandleFileOptions, type ParsedCandleFile } from './parse-candle-file.ts';
export type { ImportReport, RejectReason, RejectedRow, DuplicatePolicy, DuplicateConflict, Gap, UnfinishedBar, ImportFormat } from './import-report.ts';
export { REJECT_REASONS, REPORT_LIST_LIMIT } from './import-report.ts';
export { validateRows, type ValidationPolicy } from './validate.ts';
export { unzipMembers, gunzip, detectContainer, type ArchiveLimits } from './archive.ts';
export { parseCandleFileName, parseCandlePath, type BinanceMarket, type FileNameInfo } from './file-name.ts';
export type { ColumnMapping } from './generic-csv.ts';
export { sha256Hex, createSha256 } from './sha256.ts';
export { crc32 } from './crc32.ts';
export { syntheticKlineCsv, syntheticMonthlyArchives, type SyntheticArchive } from './synthetic-archive.ts';
