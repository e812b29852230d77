// The test-time-training loop over exported step/predict graphs (research/000; notes/onnx-and-ttt.md
// section 4). Pure: the graphs are an interface the inference worker implements with onnxruntime.
// Modes: standard (every sample starts from the trained encoder), online (the adapted encoder carries
// over to the next sample, reset when the asset or timeframe changes) and entropy-adaptive (standard,
// with each step's lr scaled by the prediction's entropy: uncertain samples adapt more).
import { RegimeLabError } from '../errors.ts';
import { binaryEntropy, columnMask, rotationBatch, softmax2 } from './ttt-inputs.ts';

export type TttMode = 'none' | 'standard' | 'online' | 'entropy';
export const TTT_MODES: readonly TttMode[] = ['none', 'standard', 'online', 'entropy'];

/** Adapted tensors by name (without the p./new. prefixes). */
export type TttParams = Record<string, Float32Array>;

export interface TttGraphs {
  /** One SGD step on the aux loss; returns the loss before the update and the updated tensors. */
  step(xAux: Float32Array, yAux: Float32Array, lr: number, params: TttParams): Promise<{ loss: number; params: TttParams }>;
  /** Main-head logits [2] of one image [1, 1, H, W] under the given adapted tensors. */
  predict(image: Float32Array, params: TttParams): Promise<Float32Array>;
}

export type TttOptions = {
  mode: TttMode;
  /** Gradient steps per sample (capped at MAX_TTT_STEPS). */
  steps: number;
  lr: number;
  /** Stop stepping a sample once this much time has passed (the prediction still runs). */
  maxMsPerSample: number;
  /** Entropy mode: lr · gain · H(p) / ln 2, so a 50/50 sample steps at gain × lr (default 2). */
  entropyGain?: number;
};

export const MAX_TTT_STEPS = 50;

export type TttSpecForRunner = { aux: 'masked-column' | 'rotation'; width: number; height: number; maskColumns: number; highClassIndex: number };

export type TttSampleResult = { probHigh: number; losses: number[]; steps: number; ms: number };

export function validateTttOptions(options: TttOptions): void {
  if (!TTT_MODES.includes(options.mode)) throw new RegimeLabError('E_BAD_INPUT', `ttt.mode must be one of ${TTT_MODES.join(', ')}, got ${String(options.mode)}`);
  if (!(Number.isInteger(options.steps) && options.steps >= 1 && options.steps <= MAX_TTT_STEPS)) {
    throw new RegimeLabError('E_BAD_INPUT', `ttt.steps must be an integer in [1, ${MAX_TTT_STEPS}], got ${options.steps}`);
  }
  if (!(options.lr > 0 && options.lr < 10)) throw new RegimeLabError('E_BAD_INPUT', `ttt.lr must be in (0, 10), got ${options.lr}`);
  if (!(options.maxMsPerSample > 0)) throw new RegimeLabError('E_BAD_INPUT', `ttt.maxMsPerSample must be > 0, got ${options.maxMsPerSample}`);
}

export class TttRunner {
  private online: TttParams;
  private context: string | null = null;

  constructor(
    private readonly graphs: TttGraphs,
    private readonly initial: TttParams,
    private readonly spec: TttSpecForRunner,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.online = initial;
  }

  /** Forgets the online state (the next online sample starts from the trained encoder). */
  reset(): void {
    this.online = this.initial;
  }

  /** One image [H × W]; `contextKey` (e.g. "BTCUSDT/1h") resets the online state when it changes. */
  async run(image: Float32Array, contextKey: string, options: TttOptions): Promise<TttSampleResult> {
    validateTttOptions(options);
    if (contextKey !== this.context) {
      this.context = contextKey;
      this.reset();
    }
    const started = this.now();
    const { mode } = options;
    let params = mode === 'online' ? this.online : this.initial;
    const losses: number[] = [];
    if (mode !== 'none') {
      const rotation = this.spec.aux === 'rotation' ? rotationBatch(image, this.spec.width) : null;
      for (let s = 0; s < options.steps; s++) {
        if (s > 0 && this.now() - started >= options.maxMsPerSample) break;
        let lr = options.lr;
        if (mode === 'entropy') {
          const p = softmax2(await this.graphs.predict(image, params))[this.spec.highClassIndex];
          lr = options.lr * (options.entropyGain ?? 2) * (binaryEntropy(p) / Math.LN2);
          if (!(lr > 0)) break; // a certain prediction: nothing to adapt
        }
        const xAux = rotation ? rotation.xAux : image;
        const yAux = rotation ? rotation.yAux : columnMask(this.spec.width, this.spec.maskColumns, s);
        const result = await this.graphs.step(xAux, yAux, lr, params);
        losses.push(result.loss);
        params = result.params;
      }
      if (mode === 'online') this.online = params;
    }
    const probHigh = softmax2(await this.graphs.predict(image, params))[this.spec.highClassIndex];
    return { probHigh, losses, steps: losses.length, ms: this.now() - started };
  }
}
