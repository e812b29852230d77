// The model registry on a real SQLite store and real inference workers: shipped models register and
// persist across reopen; imports are copied and validated; mismatched, truncated and non-ONNX files
// are refused with a message that says which.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CandleStore } from '../../../../../main/services/store/candle-store.ts';
import { appPaths } from '../../../../../main/services/paths.ts';
import { InferencePool } from '../../../../../main/services/models/inference-pool.ts';
import { ModelRegistry } from '../../../../../main/services/models/model-registry.ts';
import { repoRoot } from '../../../helpers/paths.ts';
import { makeTempDir, removeDir } from '../../../helpers/temp.ts';

const migrationsDir = path.join(repoRoot, 'main/services/store/migrations');
const shippedDir = path.join(repoRoot, 'resources/models');
const xgbDir = path.join(shippedDir, 'btc-1h-rv24-xgb');
const lstmDir = path.join(shippedDir, 'btc-1h-rv24-lstm-attn');
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('model registry', () => {
  let dir: string;
  let pool: InferencePool;
  let store: CandleStore;
  let registry: ModelRegistry;
  beforeAll(() => {
    process.env.REGIMELAB_ORT_PROVIDERS ??= 'cpu';
    dir = makeTempDir();
    pool = new InferencePool({ entryPath: appPaths(repoRoot).workerEntry('inference'), probeGraph: path.join(xgbDir, 'model.onnx') });
    store = CandleStore.open(path.join(dir, 'store.sqlite'), { migrationsDir });
    registry = new ModelRegistry(store.db, pool, path.join(dir, 'models'));
  });
  afterAll(async () => {
    store?.close();
    await pool?.close();
    removeDir(dir);
  });

  /** A copy of a shipped model in its own folder, with an edit applied to the manifest or a file. */
  function variant(source: string, name: string, edit: (m: Record<string, unknown>, folder: string) => void): { onnx: string; manifest: string } {
    const folder = path.join(dir, 'variants', name);
    fs.mkdirSync(folder, { recursive: true });
    for (const f of fs.readdirSync(source)) fs.copyFileSync(path.join(source, f), path.join(folder, f));
    const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    edit(manifest, folder);
    fs.writeFileSync(path.join(folder, 'manifest.json'), JSON.stringify(manifest));
    return { onnx: path.join(folder, 'model.onnx'), manifest: path.join(folder, 'manifest.json') };
  }

  it('registers every shipped model after validating its graphs, and the registrations persist', async () => {
    const ids = await registry.registerShipped(shippedDir);
    expect(ids.length).toBeGreaterThanOrEqual(5);
    store.close();
    store = CandleStore.open(path.join(dir, 'store.sqlite'), { migrationsDir });
    registry = new ModelRegistry(store.db, pool, path.join(dir, 'models'));
    expect(registry.list().map((m) => m.id)).toEqual([...ids].sort());
    expect(registry.get('btc-1h-rv24-xgb').source).toBe('shipped');
    expect(() => registry.get('nope')).toThrow(/no model "nope"/);
  });

  it('imports a model by copying its files into the data directory, and removes the copy on unregister', async () => {
    const v = variant(xgbDir, 'renamed', (m) => (m.id = 'my-xgb'));
    const model = await registry.importModel(v.onnx, v.manifest);
    expect(model.dir).toBe(path.join(dir, 'models', 'my-xgb'));
    expect(fs.existsSync(path.join(model.dir, 'model.onnx'))).toBe(true);
    registry.remove('my-xgb');
    expect(fs.existsSync(model.dir)).toBe(false);
    expect(registry.list().some((m) => m.id === 'my-xgb')).toBe(false);
  });

  it('refuses a graph whose inputs differ from the manifest (mismatch)', async () => {
    // Declares 48 rows (and rehashes nothing else): the parsed manifest is consistent, the graph is not.
    const v = variant(lstmDir, 'mismatch', (m) => {
      const graph = m.graph as { inputs: { shape: unknown[] }[] };
      graph.inputs[0].shape = ['batch', 48, 45];
      (m.input as { window: number }).window = 48;
      m.id = 'mismatch';
    });
    await expect(registry.importModel(v.onnx, v.manifest)).rejects.toThrow(/"x" axis 1 is 24 in the graph, 48 in the manifest/);
    const renamed = variant(lstmDir, 'renamed-output', (m) => {
      const graph = m.graph as { outputs: { name: string }[] };
      graph.outputs[0].name = 'sigma';
      (m.output as { tensor: string }).tensor = 'sigma';
      m.id = 'renamed-output';
    });
    await expect(registry.importModel(renamed.onnx, renamed.manifest)).rejects.toThrow(/output "sigma" but the graph's outputs are "log_rv"/);
    expect(registry.list().some((m) => m.id === 'mismatch' || m.id === 'renamed-output')).toBe(false);
  });

  it('refuses a truncated file', async () => {
    const v = variant(xgbDir, 'truncated', (m, folder) => {
      const file = path.join(folder, 'model.onnx');
      fs.writeFileSync(file, fs.readFileSync(file).subarray(0, 1000));
      m.id = 'truncated';
    });
    await expect(registry.importModel(v.onnx, v.manifest)).rejects.toThrow(/model\.onnx has 1000 bytes, the manifest says \d+ \(truncated\)/);
  });

  it('refuses a file that is not ONNX, and one that looks like ONNX but does not load', async () => {
    const text = new TextEncoder().encode('open,high,low,close\n1,2,3,4\n'.repeat(40));
    const v = variant(xgbDir, 'csv', (m, folder) => {
      fs.writeFileSync(path.join(folder, 'model.onnx'), text);
      m.graph = { ...(m.graph as object), sha256: sha(text), bytes: text.length };
      m.id = 'csv';
    });
    await expect(registry.importModel(v.onnx, v.manifest)).rejects.toThrow(/model\.onnx is not an ONNX file/);
    const junk = Uint8Array.from({ length: 4000 }, (_, i) => (i === 0 ? 0x08 : i === 1 ? 0x08 : (i * 7919) % 251));
    const w = variant(xgbDir, 'junk', (m, folder) => {
      fs.writeFileSync(path.join(folder, 'model.onnx'), junk);
      m.graph = { ...(m.graph as object), sha256: sha(junk), bytes: junk.length };
      m.id = 'junk';
    });
    await expect(registry.importModel(w.onnx, w.manifest)).rejects.toThrow(/is not a loadable ONNX graph/);
  });

  it('refuses a same-size file whose hash changed, and a manifest that is not JSON', async () => {
    const v = variant(xgbDir, 'edited', (m, folder) => {
      const file = path.join(folder, 'model.onnx');
      const bytes = fs.readFileSync(file);
      bytes[bytes.length - 10] ^= 0xff;
      fs.writeFileSync(file, bytes);
      m.id = 'edited';
    });
    await expect(registry.importModel(v.onnx, v.manifest)).rejects.toThrow(/SHA-256 .* \(same size: the file was changed\)/);
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, '{ "format": ');
    await expect(registry.importModel(v.onnx, bad)).rejects.toThrow(/is not JSON/);
  });
});
