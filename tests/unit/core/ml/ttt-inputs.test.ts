import { describe, expect, it } from 'vitest';
import { binaryEntropy, columnMask, rotate90, rotationBatch, softmax2 } from '../../../../core/ml/ttt-inputs.ts';

describe('TTT auxiliary inputs', () => {
  const size = 4;
  const image = Float32Array.from({ length: 16 }, (_, i) => i);

  it('rotates like torch.rot90(x, 1, dims=(H, W)): out[i][j] = x[j][W−1−i]', () => {
    const r = rotate90(image, size, 1);
    // torch.rot90(arange(16).reshape(4,4), 1) = [[3,7,11,15],[2,6,10,14],[1,5,9,13],[0,4,8,12]]
    expect(Array.from(r)).toEqual([3, 7, 11, 15, 2, 6, 10, 14, 1, 5, 9, 13, 0, 4, 8, 12]);
    expect(Array.from(rotate90(rotate90(image, size, 2), size, 2))).toEqual(Array.from(image));
    expect(Array.from(rotate90(r, size, 3))).toEqual(Array.from(image));
  });

  it('batches the four rotations with identity one-hot labels', () => {
    const { xAux, yAux } = rotationBatch(image, size);
    expect(Array.from(xAux.subarray(0, 16))).toEqual(Array.from(image));
    expect(Array.from(xAux.subarray(32, 48))).toEqual(Array.from(rotate90(image, size, 2)));
    expect(Array.from(yAux)).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
  });

  it('hides a block of middle columns that moves with the step, inside the training range', () => {
    for (let s = 0; s < 20; s++) {
      const m = columnMask(64, 8, s);
      const hidden = [...m.keys()].filter((i) => m[i] === 1);
      expect(hidden).toHaveLength(8);
      expect(hidden[7] - hidden[0]).toBe(7);
      expect(hidden[0]).toBeGreaterThanOrEqual(8);
      expect(hidden[0]).toBeLessThanOrEqual(64 - 16);
    }
    expect(Array.from(columnMask(64, 8, 0))).not.toEqual(Array.from(columnMask(64, 8, 1)));
  });

  it('computes softmax and entropy with their closed-form ends', () => {
    expect(softmax2([0, 0])).toEqual([0.5, 0.5]);
    expect(softmax2([1000, 0])[0]).toBe(1);
    expect(binaryEntropy(0.5)).toBeCloseTo(Math.LN2, 15);
    expect(binaryEntropy(1)).toBe(0);
  });
});
