"""PatchTST-style transformer (Nie et al. 2023; research/001's third family, scaled down): 96 hourly
rows of 8 panel features, channel-independent patches (16 / stride 8) with RevIN-free z-scored inputs,
2 pre-norm encoder layers (d 32, 4 heads), mean-pooled -> ln 24h realized vol.
Export notes (notes/onnx-and-ttt.md section 2): patching by a Gather index buffer (Tensor.unfold does
not export), export with grad enabled, enable_nested_tensor=False.
Run: /usr/bin/python3 scripts/train/train_patchtst.py"""
import os, sys, time
import numpy as np, torch, torch.nn as nn
sys.path.insert(0, os.path.dirname(__file__))
from common import *

torch.set_num_threads(1); torch.manual_seed(7); np.random.seed(7)
MODEL_ID = 'btc-1h-rv24-patchtst'; WINDOW = 96; PATCH = 16; STRIDE = 8; EPOCHS = int(os.environ.get('EPOCHS', 8))
FEATURES = ['ret_lag_1', 'parkinson_5', 'garman_klass_5', 'ret_std_5', 'ret_std_30', 'atr_14', 'volume_ratio_1_20', 'bollinger_width_20']
out = os.path.join(MODELS, MODEL_ID); os.makedirs(out, exist_ok=True)
manifest, A = load_dataset(); names = manifest['meta']['featureNames']
F, target = A['features'], A['target'].astype(np.float64)
cols = np.array([names.index(f) for f in FEATURES]); train, val, test = split_rows(manifest, target, WINDOW)
mean, std = fit_normalization(F, cols, manifest['meta']['split']['trainEndRow'])
y = np.log(target); y_mean, y_std = float(y[train].mean()), float(y[train].std())
train_fit = train[::2]   # every other row: neighbouring windows overlap by 95/96 anyway


class PatchTST(nn.Module):
    def __init__(self, channels, d=32):
        super().__init__()
        n = (WINDOW - PATCH) // STRIDE + 1
        self.register_buffer('idx', torch.arange(n)[:, None] * STRIDE + torch.arange(PATCH)[None, :])
        self.embed = nn.Linear(PATCH, d); self.pos = nn.Parameter(torch.zeros(1, n, d))
        layer = nn.TransformerEncoderLayer(d, 4, 64, dropout=0.0, batch_first=True, norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
        self.head = nn.Sequential(nn.Linear(d * channels, 32), nn.ReLU(), nn.Linear(32, 1))
        self.channels = channels
        self.register_buffer('y_mean', torch.tensor(y_mean)); self.register_buffer('y_std', torch.tensor(y_std))

    def forward(self, x):                                   # x [B, T, C]
        b = x.shape[0]
        z = x.transpose(1, 2).reshape(b * self.channels, WINDOW)
        p = z[:, self.idx]                                  # [B*C, n, P] as Gather
        h = self.encoder(self.embed(p) + self.pos).mean(1)  # [B*C, d]
        zz = self.head(h.reshape(b, -1))[:, 0]
        return (zz * self.y_std + self.y_mean)[:, None]


def batches(rows, size, shuffle):
    order = np.random.permutation(len(rows)) if shuffle else np.arange(len(rows))
    for i in range(0, len(rows), size):
        r = rows[order[i:i + size]]
        yield torch.from_numpy(windows(F, cols, r, WINDOW, mean, std)), torch.from_numpy(((y[r] - y_mean) / y_std).astype(np.float32))


def predict(model, rows):
    model.eval(); outs = []
    with torch.no_grad():
        for xb, _ in batches(rows, 1024, False):
            outs.append(model(xb)[:, 0].numpy())
    return np.concatenate(outs).astype(np.float64)


model = PatchTST(len(cols)); opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-4)
t0 = time.time(); best = (np.inf, None, 0); history = []
for epoch in range(EPOCHS):
    model.train(); total = 0.0
    for xb, yb in batches(train_fit, 256, True):
        opt.zero_grad(); z = (model(xb)[:, 0] - model.y_mean) / model.y_std
        loss = torch.mean((z - yb) ** 2); loss.backward(); nn.utils.clip_grad_norm_(model.parameters(), 1.0); opt.step()
        total += float(loss) * len(yb)
    val_loss = float(np.mean(((predict(model, val) - y[val]) / y_std) ** 2)); history.append(round(val_loss, 5))
    print(f'epoch {epoch} train {total / len(train_fit):.4f} val {val_loss:.4f} ({time.time() - t0:.0f}s)', flush=True)
    if val_loss < best[0]: best = (val_loss, {k: v.clone() for k, v in model.state_dict().items()}, epoch)
model.load_state_dict(best[1]); model.eval()
scale = float(np.mean(target[val]) / np.mean(np.exp(predict(model, val))))
metrics = {'seconds': round(time.time() - t0, 1), 'bestEpoch': best[2], 'validationLossByEpoch': history,
           'validation': forecast_metrics(scale * np.exp(predict(model, val)), target[val]),
           'test': forecast_metrics(scale * np.exp(predict(model, test)), target[test]),
           'params': int(sum(p.numel() for p in model.parameters()))}
print(metrics)
x0 = torch.from_numpy(windows(F, cols, test[:2], WINDOW, mean, std))
torch.onnx.export(model, (x0,), os.path.join(out, 'model.onnx'), opset_version=17, input_names=['x'], output_names=['log_rv'],
                  dynamic_axes={'x': {0: 'batch'}, 'log_rv': {0: 'batch'}}, do_constant_folding=True)
golden_rows = test[[0, len(test) // 2, len(test) - 1]]
gx = windows(F, cols, golden_rows, WINDOW, mean, std)
with torch.no_grad():
    gy = model(torch.from_numpy(gx)).numpy()
write_forecaster(out, MODEL_ID, 'BTC 1h PatchTST-lite, 24h realized vol', 'patchtst',
                 'Channel-independent patch transformer (patch 16, stride 8, 2 layers, d 32) over 96 hourly rows of 8 panel features.',
                 FEATURES, WINDOW, mean, std, scale, [tensor('x', ['batch', WINDOW, len(cols)])], [tensor('log_rv', ['batch', 1])],
                 {**data_ref(manifest, 'scripts/train/train_patchtst.py', (train, val, test)), 'framework': f'torch {torch.__version__}', 'metrics': metrics},
                 {'x': gx}, {'log_rv': gy}, {'abs': 1e-5})
print('wrote', out, os.path.getsize(os.path.join(out, 'model.onnx')), 'bytes')
