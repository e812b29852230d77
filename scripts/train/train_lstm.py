"""LSTM with attention pooling (research/001's "LSTM + Luong attention", scaled down): 24 hourly rows of
the 45-feature panel -> ln 24h realized vol. Trains on BTCUSDT 1h 2017-08..2022-12 (validation 2023,
test 2024-01..2026-01), exports ONNX (opset 17, dynamic batch) with golden inputs/outputs.
Run: /usr/bin/python3 scripts/train/train_lstm.py   (needs the dataset from build-dataset.ts)"""
import os, sys, time
import numpy as np, torch, torch.nn as nn
sys.path.insert(0, os.path.dirname(__file__))
from common import *

torch.set_num_threads(1); torch.manual_seed(7); np.random.seed(7)
MODEL_ID = 'btc-1h-rv24-lstm-attn'; WINDOW = 24; EPOCHS = int(os.environ.get('EPOCHS', 12))
out = os.path.join(MODELS, MODEL_ID); os.makedirs(out, exist_ok=True)
manifest, A = load_dataset(); names = manifest['meta']['featureNames']
F, target = A['features'], A['target'].astype(np.float64)
cols = np.arange(len(names)); train, val, test = split_rows(manifest, target, WINDOW)
mean, std = fit_normalization(F, cols, manifest['meta']['split']['trainEndRow'])
y = np.log(target); y_mean, y_std = float(y[train].mean()), float(y[train].std())


class LstmAttention(nn.Module):
    def __init__(self, features, hidden=32):
        super().__init__()
        self.lstm = nn.LSTM(features, hidden, num_layers=1, batch_first=True)
        self.score = nn.Linear(hidden, hidden, bias=False)     # Luong "general" score against the last state
        self.head = nn.Sequential(nn.Linear(2 * hidden, 32), nn.ReLU(), nn.Linear(32, 1))
        self.register_buffer('y_mean', torch.tensor(y_mean)); self.register_buffer('y_std', torch.tensor(y_std))

    def forward(self, x):
        h, _ = self.lstm(x)                                   # [B, T, H]
        last = h[:, -1, :]
        w = torch.softmax(torch.einsum('bth,bh->bt', self.score(h), last), dim=1)
        context = torch.einsum('bt,bth->bh', w, h)
        z = self.head(torch.cat([context, last], dim=1))[:, 0]
        return (z * self.y_std + self.y_mean)[:, None]         # ln RV, [B, 1]


def batches(rows, size, shuffle):
    order = np.random.permutation(len(rows)) if shuffle else np.arange(len(rows))
    for i in range(0, len(rows), size):
        r = rows[order[i:i + size]]
        yield torch.from_numpy(windows(F, cols, r, WINDOW, mean, std)), torch.from_numpy(((y[r] - y_mean) / y_std).astype(np.float32))


def predict(model, rows):
    model.eval(); outs = []
    with torch.no_grad():
        for xb, _ in batches(rows, 2048, False):
            outs.append(model(xb)[:, 0].numpy())
    return np.concatenate(outs).astype(np.float64)


model = LstmAttention(len(cols)); opt = torch.optim.Adam(model.parameters(), lr=2e-3, weight_decay=1e-4)
t0 = time.time(); best = (np.inf, None, 0); history = []
for epoch in range(EPOCHS):
    model.train(); total = 0.0
    for xb, yb in batches(train, 256, True):
        opt.zero_grad(); z = (model(xb)[:, 0] - model.y_mean) / model.y_std
        loss = torch.mean((z - yb) ** 2); loss.backward(); nn.utils.clip_grad_norm_(model.parameters(), 1.0); opt.step()
        total += float(loss) * len(yb)
    val_loss = float(np.mean(((predict(model, val) - y[val]) / y_std) ** 2)); history.append(round(val_loss, 5))
    print(f'epoch {epoch} train {total / len(train):.4f} val {val_loss:.4f} ({time.time() - t0:.0f}s)', flush=True)
    if val_loss < best[0]: best = (val_loss, {k: v.clone() for k, v in model.state_dict().items()}, epoch)
model.load_state_dict(best[1]); model.eval()
# exp(E[ln RV]) is the geometric mean: rescale by the validation ratio so the forecast targets E[RV].
scale = float(np.mean(target[val]) / np.mean(np.exp(predict(model, val))))
metrics = {'seconds': round(time.time() - t0, 1), 'bestEpoch': best[2], 'validationLossByEpoch': history,
           'validation': forecast_metrics(scale * np.exp(predict(model, val)), target[val]),
           'test': forecast_metrics(scale * np.exp(predict(model, test)), target[test]),
           'params': int(sum(p.numel() for p in model.parameters()))}
print(metrics)

x0 = torch.from_numpy(windows(F, cols, test[:1], WINDOW, mean, std))
torch.onnx.export(model, (x0,), os.path.join(out, 'model.onnx'), opset_version=17, input_names=['x'], output_names=['log_rv'],
                  dynamic_axes={'x': {0: 'batch'}, 'log_rv': {0: 'batch'}}, do_constant_folding=True)
golden_rows = test[[0, len(test) // 2, len(test) - 1]]
gx = windows(F, cols, golden_rows, WINDOW, mean, std)
with torch.no_grad():
    gy = model(torch.from_numpy(gx)).numpy()
write_forecaster(out, MODEL_ID, 'BTC 1h LSTM + attention, 24h realized vol', 'lstm-attention',
                 'One-layer LSTM (hidden 32) with Luong attention pooling over 24 hourly rows of the 45-feature panel.',
                 names, WINDOW, mean, std, scale, [tensor('x', ['batch', WINDOW, len(cols)])], [tensor('log_rv', ['batch', 1])],
                 {**data_ref(manifest, 'scripts/train/train_lstm.py', (train, val, test)), 'framework': f'torch {torch.__version__}', 'metrics': metrics},
                 {'x': gx}, {'log_rv': gy}, {'abs': 1e-5})
print('wrote', out, os.path.getsize(os.path.join(out, 'model.onnx')), 'bytes')
