// Inputs of the TTT auxiliary tasks, built exactly as the training script builds them
// (scripts/train/train_chart_cnn.py): the four rotations of an image with torch.rot90's direction and
// their one-hot labels, and the hidden-column masks of the masked-column reconstruction task.

/**
 * torch.rot90(x, k, dims=(H, W)) of a square [H × W] image, k quarter turns: k = 1 is
 * out[i][j] = x[j][W−1−i] (flip along W, then transpose).
 */
export function rotate90(image: Float32Array, size: number, k: number, out = new Float32Array(size * size)): Float32Array {
  const turns = ((k % 4) + 4) % 4;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      let v: number;
      if (turns === 0) v = image[i * size + j];
      else if (turns === 1) v = image[j * size + (size - 1 - i)];
      else if (turns === 2) v = image[(size - 1 - i) * size + (size - 1 - j)];
      else v = image[(size - 1 - j) * size + i];
      out[i * size + j] = v;
    }
  }
  return out;
}

/** x_aux [4, 1, S, S] (0°, 90°, 180°, 270°) and y_aux [4, 4] (identity one-hot). */
export function rotationBatch(image: Float32Array, size: number): { xAux: Float32Array; yAux: Float32Array } {
  const pixels = size * size;
  const xAux = new Float32Array(4 * pixels);
  for (let k = 0; k < 4; k++) rotate90(image, size, k, xAux.subarray(k * pixels, (k + 1) * pixels));
  const yAux = new Float32Array(16);
  for (let k = 0; k < 4; k++) yAux[k * 4 + k] = 1;
  return { xAux, yAux };
}

/**
 * y_aux [1, 1, 1, W] hiding `columns` contiguous middle columns (1 = hidden). The start cycles
 * deterministically with the step through the same range the training masks were drawn from,
 * [columns, W − 2·columns], so repeated steps reconstruct different parts of the chart.
 */
export function columnMask(width: number, columns: number, step: number): Float32Array {
  const first = columns;
  const span = width - 3 * columns + 1;
  const start = first + ((step * 13) % span);
  const mask = new Float32Array(width);
  for (let c = start; c < start + columns; c++) mask[c] = 1;
  return mask;
}

export function softmax2(logits: ArrayLike<number>): [number, number] {
  const m = Math.max(logits[0], logits[1]);
  const a = Math.exp(logits[0] - m);
  const b = Math.exp(logits[1] - m);
  return [a / (a + b), b / (a + b)];
}

/** Shannon entropy (nats) of a two-class softmax: 0 when certain, ln 2 at 50/50. */
export function binaryEntropy(p: number): number {
  const q = 1 - p;
  return Math.max(0, -(p > 0 ? p * Math.log(p) : 0) - (q > 0 ? q * Math.log(q) : 0));
}
