"""Shared helpers of the training scripts: read the TS-built dataset (.tmp/datasets/btc-1h, made by
build-dataset.ts from the same core/features code the app runs), the chronological split, window
building identical to core/features/windows.ts, metrics, and the manifest / golden writers.
Run with Debian's interpreter: /usr/bin/python3 scripts/train/<script>.py"""
import hashlib, json, os, time
import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
DATASET = os.path.join(ROOT, '.tmp', 'datasets', 'btc-1h')
MODELS = os.path.join(ROOT, 'resources', 'models')
WARMUP = 61


def load_dataset(path=DATASET):
    with open(os.path.join(path, 'manifest.json')) as f:
        manifest = json.load(f)
    arrays = {}
    for name, spec in manifest['arrays'].items():
        a = np.fromfile(os.path.join(path, spec['file']), dtype=spec['dtype'])
        arrays[name] = a.reshape(spec['shape'])
    return manifest, arrays


def fit_normalization(features, cols, train_end):
    x = features[WARMUP:train_end, cols].astype(np.float64)
    return x.mean(0), x.std(0)


def windows(features, cols, rows, window, mean, std, clip=10.0):
    """As core/features/windows.ts buildWindows: rows t-W+1..t, z-scored, clipped; [N, W, C] float32."""
    idx = np.asarray(rows)[:, None] + np.arange(-window + 1, 1)[None, :]
    x = features[idx][:, :, cols].astype(np.float64)
    safe = np.where(std > 0, std, 1.0)
    return np.clip((x - mean) / safe, -clip, clip).astype(np.float32)


def split_rows(manifest, target, window):
    """Prediction rows with a complete window and a finite target, split chronologically."""
    split = manifest['meta']['split']
    first = WARMUP + window - 1
    rows = np.arange(first, len(target))
    rows = rows[np.isfinite(target[rows]) & (target[rows] > 0)]
    train = rows[rows < split['trainEndRow'] - 24]          # a 24-bar embargo: no target overlaps validation
    val = rows[(rows >= split['trainEndRow']) & (rows < split['testFromRow'] - 24)]
    test = rows[rows >= split['testFromRow']]
    return train, val, test


def forecast_metrics(pred, real):
    pred = np.asarray(pred, np.float64); real = np.asarray(real, np.float64)
    mse = float(np.mean((pred - real) ** 2))
    ratio = real ** 2 / pred ** 2
    return {'r2': float(1 - np.sum((pred - real) ** 2) / np.sum((real - real.mean()) ** 2)), 'mse': mse,
            'rmse': float(np.sqrt(mse)), 'mae': float(np.mean(np.abs(pred - real))),
            'qlike': float(np.mean(ratio - np.log(ratio) - 1)), 'n': int(len(real))}


def sha256(path):
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        h.update(f.read())
    return h.hexdigest()


def graph_ref(model_dir, file, inputs, outputs):
    p = os.path.join(model_dir, file)
    return {'file': file, 'sha256': sha256(p), 'bytes': os.path.getsize(p), 'inputs': inputs, 'outputs': outputs}


def tensor(name, shape, dtype='float32'):
    return {'name': name, 'dtype': dtype, 'shape': list(shape)}


def data_ref(manifest, script, split):
    src = manifest['meta']['source']; s = manifest['meta']['split']
    iso = lambda ms: time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(ms / 1000))
    return {'script': script, 'data': {'file': src['file'], 'sha256': src['sha256'], 'symbol': src['symbol'],
            'timeframe': src['timeframe'], 'validationFrom': iso(s['validationFrom']), 'testFrom': iso(s['testFrom']),
            'trainRows': int(len(split[0])), 'validationRows': int(len(split[1])), 'testRows': int(len(split[2]))}}


def write_json(path, obj):
    with open(path, 'w') as f:
        json.dump(obj, f, indent=1)
        f.write('\n')


def golden_tensor(a):
    a = np.asarray(a, np.float32)
    return {'shape': list(a.shape), 'data': [float(v) for v in a.ravel()]}


def write_forecaster(model_dir, model_id, name, family, description, feature_names, window, mean, std, scale,
                     graph_inputs, graph_outputs, training, golden_inputs, golden_outputs, tolerance):
    """Writes golden.json and manifest.json for a volatility forecaster (schema: core/ml/manifest.ts)."""
    write_json(os.path.join(model_dir, 'golden.json'), {
        'inputs': {k: golden_tensor(v) for k, v in golden_inputs.items()},
        'outputs': {k: golden_tensor(v) for k, v in golden_outputs.items()}, 'tolerance': tolerance})
    manifest = {
        'format': 'regimelab-model', 'version': 1, 'id': model_id, 'name': name, 'description': description,
        'task': 'volatility-forecast', 'family': family,
        'graph': graph_ref(model_dir, 'model.onnx', graph_inputs, graph_outputs),
        'input': {'kind': 'feature-window', 'timeframe': '1h', 'features': list(feature_names), 'window': int(window),
                  'normalization': {'mean': [float(v) for v in mean], 'std': [float(v) for v in std], 'clip': 10}},
        'output': {'kind': 'log-volatility', 'tensor': graph_outputs[0]['name'], 'horizonBars': 24, 'scale': float(scale),
                   'meaning': 'ln of the realized volatility (std of 1h log returns, ddof 1) of the 24 bars starting at the '
                              'prediction bar; forecast = scale * exp(output)'},
        'golden': {'file': 'golden.json', 'sha256': sha256(os.path.join(model_dir, 'golden.json'))},
        'training': training,
    }
    write_json(os.path.join(model_dir, 'manifest.json'), manifest)
    return manifest
