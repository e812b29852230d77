// The model registry: imports an .onnx file with its manifest (copied into the data directory),
// registers the shipped models in place, and refuses anything it cannot vouch for — a manifest that
// does not parse, a file whose size or SHA-256 differs (truncated, edited), a file that is not ONNX,
// a graph whose inputs/outputs differ from the manifest. Registrations persist in the store (003_models).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { RegimeLabError } from '../../../core/errors.ts';
import { manifestFiles, parseModelManifest, type GraphRef, type ModelManifest } from '../../../core/ml/manifest.ts';
import { graphMismatches, looksLikeOnnx } from '../../../core/ml/graph-check.ts';
import type { ModelHandle } from '../../../workers/inference-api.ts';
import type { InferencePool } from './inference-pool.ts';

export type ModelSource = 'shipped' | 'imported';

export type RegisteredModel = {
  id: string;
  task: ModelManifest['task'];
  name: string;
  source: ModelSource;
  dir: string;
  manifest: ModelManifest;
  registeredAt: number;
};

type Row = { id: string; task: string; name: string; source: string; dir: string; graph_sha256: string; manifest_json: string; registered_at: number };

function refuse(message: string): never {
  throw new RegimeLabError('E_REFUSED', message);
}

function readManifest(manifestPath: string): ModelManifest {
  let text: string;
  try {
    text = fs.readFileSync(manifestPath, 'utf8');
  } catch (error) {
    throw new RegimeLabError('E_NOT_FOUND', `manifest ${manifestPath} cannot be read: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    refuse(`manifest ${path.basename(manifestPath)} is not JSON: ${(error as Error).message}`);
  }
  return parseModelManifest(json);
}

/** Size, hash and (for graphs) the ONNX header of every file the manifest names, in `dir`. */
export function verifyModelFiles(dir: string, manifest: ModelManifest): void {
  for (const f of manifestFiles(manifest)) {
    const file = path.join(dir, f.file);
    if (!fs.existsSync(file)) refuse(`model ${manifest.id}: ${f.role} file ${f.file} is missing`);
    const bytes = fs.readFileSync(file);
    if (f.bytes !== undefined && bytes.length !== f.bytes) {
      refuse(`model ${manifest.id}: ${f.file} has ${bytes.length} bytes, the manifest says ${f.bytes}${bytes.length < f.bytes ? ' (truncated)' : ''}`);
    }
    const isGraph = f.role === 'graph' || f.role === 'ttt.step' || f.role === 'ttt.predict';
    if (isGraph && !looksLikeOnnx(bytes.subarray(0, 2))) refuse(`model ${manifest.id}: ${f.file} is not an ONNX file (no ModelProto header)`);
    const sha = createHash('sha256').update(bytes).digest('hex');
    if (sha !== f.sha256) refuse(`model ${manifest.id}: ${f.file} has SHA-256 ${sha.slice(0, 16)}…, the manifest says ${f.sha256.slice(0, 16)}…${f.bytes === undefined ? '' : ' (same size: the file was changed)'}`);
  }
}

export class ModelRegistry {
  constructor(
    private readonly db: Database.Database,
    private readonly pool: InferencePool,
    /** Where imported models are copied (DATA_DIR/models). */
    private readonly modelsDir: string,
  ) {}

  /** Loads every graph in onnxruntime and compares its declared tensors with the manifest. */
  async validate(dir: string, manifest: ModelManifest): Promise<void> {
    verifyModelFiles(dir, manifest);
    const graphs: [string, GraphRef][] = [['graph', manifest.graph]];
    if (manifest.task === 'regime-classifier' && manifest.ttt) graphs.push(['ttt.step', manifest.ttt.step], ['ttt.predict', manifest.ttt.predict]);
    for (const [label, ref] of graphs) {
      const actual = await this.pool.inspectGraph(path.join(dir, ref.file), ref.sha256);
      const problems = graphMismatches(`model ${manifest.id} ${label} (${ref.file})`, ref, actual);
      if (problems.length) refuse(problems.slice(0, 5).join('; ') + (problems.length > 5 ? `; and ${problems.length - 5} more` : ''));
    }
  }

  /** Imports `onnxPath` (the manifest's main graph) and the other files the manifest names, found next to the manifest. */
  async importModel(onnxPath: string, manifestPath: string): Promise<RegisteredModel> {
    const manifest = readManifest(manifestPath);
    const sourceDir = path.dirname(manifestPath);
    fs.mkdirSync(this.modelsDir, { recursive: true });
    const staging = fs.mkdtempSync(path.join(this.modelsDir, `.import-${manifest.id}-`));
    try {
      for (const f of manifestFiles(manifest)) {
        const from = f.role === 'graph' ? onnxPath : path.join(sourceDir, f.file);
        if (!fs.existsSync(from)) refuse(`model ${manifest.id}: ${f.role} file ${from} is missing`);
        fs.copyFileSync(from, path.join(staging, f.file));
      }
      fs.writeFileSync(path.join(staging, 'manifest.json'), JSON.stringify(manifest, null, 1));
      await this.validate(staging, manifest);
      const dir = path.join(this.modelsDir, manifest.id);
      fs.rmSync(dir, { recursive: true, force: true });
      fs.renameSync(staging, dir);
      return this.record(manifest, dir, 'imported');
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }

  /**
   * Registers (validating) every model folder under resources/models; returns the ids registered.
   * `inspectGraphs: false` checks sizes, hashes and ONNX headers only (no worker, no ORT session: the
   * workstation's startup path) and leaves the graph-vs-manifest check to `validate` before first use.
   */
  async registerShipped(resourcesModelsDir: string, { inspectGraphs = true }: { inspectGraphs?: boolean } = {}): Promise<string[]> {
    const ids: string[] = [];
    for (const entry of fs.readdirSync(resourcesModelsDir, { withFileTypes: true })) {
      const manifestPath = path.join(resourcesModelsDir, entry.name, 'manifest.json');
      if (!entry.isDirectory() || !fs.existsSync(manifestPath)) continue;
      const manifest = readManifest(manifestPath);
      if (inspectGraphs) await this.validate(path.dirname(manifestPath), manifest);
      else verifyModelFiles(path.dirname(manifestPath), manifest);
      this.record(manifest, path.dirname(manifestPath), 'shipped');
      ids.push(manifest.id);
    }
    return ids;
  }

  private record(manifest: ModelManifest, dir: string, source: ModelSource): RegisteredModel {
    const registeredAt = Date.now();
    this.db
      .prepare(
        `INSERT INTO models (id, task, name, source, dir, graph_sha256, manifest_json, registered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET task = excluded.task, name = excluded.name, source = excluded.source, dir = excluded.dir,
           graph_sha256 = excluded.graph_sha256, manifest_json = excluded.manifest_json, registered_at = excluded.registered_at`,
      )
      .run(manifest.id, manifest.task, manifest.name, source, dir, manifest.graph.sha256, JSON.stringify(manifest), registeredAt);
    return { id: manifest.id, task: manifest.task, name: manifest.name, source, dir, manifest, registeredAt };
  }

  list(): RegisteredModel[] {
    return (this.db.prepare('SELECT * FROM models ORDER BY id').all() as Row[]).map(fromRow);
  }

  get(id: string): RegisteredModel {
    const row = this.db.prepare('SELECT * FROM models WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw new RegimeLabError('E_NOT_FOUND', `no model "${id}" is registered (models: ${this.list().map((m) => m.id).join(', ') || 'none'})`);
    return fromRow(row);
  }

  /** What the inference worker needs to run the model (its files are re-hashed on first load there). */
  handle(id: string): ModelHandle {
    const m = this.get(id);
    return { dir: m.dir, manifest: m.manifest };
  }

  /** Unregisters; an imported model's copied files are deleted, a shipped model's are left alone. */
  remove(id: string): void {
    const m = this.get(id);
    this.db.prepare('DELETE FROM models WHERE id = ?').run(id);
    if (m.source === 'imported' && path.resolve(m.dir).startsWith(path.resolve(this.modelsDir) + path.sep)) fs.rmSync(m.dir, { recursive: true, force: true });
  }
}

function fromRow(row: Row): RegisteredModel {
  return {
    id: row.id,
    task: row.task as ModelManifest['task'],
    name: row.name,
    source: row.source as ModelSource,
    dir: row.dir,
    manifest: parseModelManifest(JSON.parse(row.manifest_json)),
    registeredAt: row.registered_at,
  };
}
