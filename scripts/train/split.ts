// The chronological split every shipped model was trained with, shared by the dataset builder and the
// held-back evaluation: train 2017-08 → 2022-12, validation 2023, test (held back) 2024-01 → 2026-01.
export const DATA_SPLIT = {
  validationFrom: Date.UTC(2023, 0, 1),
  testFrom: Date.UTC(2024, 0, 1),
} as const;
export const HORIZON_BARS = 24;
export const IMAGE_STRIDE_TRAIN = 4;
export const IMAGE_STRIDE_TEST = 24;
