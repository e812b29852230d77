"""Y-shaped GroupNorm ResNet chart classifier with test-time training graphs (research/000, scaled down):
a shared encoder -> main head (P(high next-24h vol)) and an auxiliary self-supervised head, either
masked-column reconstruction (--aux mask) or rotation prediction (--aux rotation). Trained jointly on
BTCUSDT 1h chart images (168 bars -> 64x64, core/charts/rasterize.ts via build-dataset.ts).
Exports model.onnx (baseline logits) and, by notes/onnx-and-ttt.md section 4, the TTT step graph
(forward + backward + SGD on the aux loss, traced with functorch make_fx) and predict graph, whose
adapted tensors (the encoder) are graph inputs; ttt_init.bin holds their trained values.
Run: /usr/bin/python3 scripts/train/train_chart_cnn.py --aux mask|rotation"""
import argparse, os, sys, time
import numpy as np, torch, torch.nn as nn, torch.nn.functional as Fn
from functorch import make_fx
from torch.nn.utils.stateless import functional_call
from torch._decomp import get_decompositions
sys.path.insert(0, os.path.dirname(__file__))
from common import *

ap = argparse.ArgumentParser(); ap.add_argument('--aux', choices=['mask', 'rotation'], required=True)
ap.add_argument('--epochs', type=int, default=int(os.environ.get('EPOCHS', 4))); args = ap.parse_args()
torch.set_num_threads(1); torch.manual_seed(11); np.random.seed(11)
MODEL_ID = f'btc-1h-chart-cnn-{args.aux}'; MASK_COLS = 8; TTT_LR = 0.01; TTT_STEPS = 3
out = os.path.join(MODELS, MODEL_ID); os.makedirs(out, exist_ok=True)
manifest, A = load_dataset(); meta = manifest['meta']; split = meta['split']; chart = meta['chart']
H, W = chart['height'], chart['width']
target = A['target'].astype(np.float64); rows = A['image_rows']; images = A['images']
# Label threshold: the 0.75 quantile of next-24h RV over the training rows only (core/metrics labelsFromTrainThreshold).
train_target = target[WARMUP:split['trainEndRow'] - 24]; train_target = train_target[np.isfinite(train_target)]
QUANTILE = 0.75; threshold = float(np.quantile(train_target, QUANTILE))
labels = (target[rows] > threshold).astype(np.int64)
i_train = np.where(rows < split['trainEndRow'] - 24)[0]
i_val = np.where((rows >= split['trainEndRow']) & (rows < split['testFromRow'] - 24))[0]
i_test = np.where(rows >= split['testFromRow'])[0]
if os.environ.get('SMOKE'):   # export-path check only: a few hundred images, written to .tmp
    i_train, i_val = i_train[:256], i_val[:256]; out = os.path.join(ROOT, '.tmp', 'smoke', MODEL_ID); os.makedirs(out, exist_ok=True)
img = lambda idx: torch.from_numpy((images[idx].astype(np.float64) / 255).astype(np.float32))


def conv(cin, cout, stride=1, k=3):
    return nn.Conv2d(cin, cout, k, stride, k // 2, bias=False)


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.c1, self.g1, self.c2, self.g2 = conv(cin, cout, stride), nn.GroupNorm(4, cout), conv(cout, cout), nn.GroupNorm(4, cout)
        self.sc = conv(cin, cout, stride, 1) if (stride != 1 or cin != cout) else None

    def forward(self, x):
        h = Fn.relu(self.g1(self.c1(x)))
        return Fn.relu(self.g2(self.c2(h)) + (self.sc(x) if self.sc is not None else x))


def up2(x):   # nearest x2 as expand + reshape: its backward is a sum, which make_fx can trace
    b, c, h, w = x.shape
    return x.unsqueeze(3).unsqueeze(5).expand(b, c, h, 2, w, 2).reshape(b, c, 2 * h, 2 * w)


class YNet(nn.Module):
    def __init__(self, aux):
        super().__init__()
        self.aux = aux
        self.enc = nn.Sequential(nn.Sequential(conv(1, 16, 2), nn.GroupNorm(4, 16), nn.ReLU()), Block(16, 16, 1), Block(16, 32, 2), Block(32, 64, 2))
        self.main = nn.Sequential(conv(64, 64, 2), nn.GroupNorm(4, 64), nn.ReLU()); self.main_fc = nn.Linear(64, 2)
        if aux == 'mask':
            self.r0, self.r1, self.r2, self.r3 = conv(64, 32, 1, 1), conv(32, 16), conv(16, 8), nn.Conv2d(8, 1, 3, 1, 1)
        else:
            self.rot = nn.Sequential(conv(64, 32, 2), nn.GroupNorm(4, 32), nn.ReLU()); self.rot_fc = nn.Linear(32, 4)

    def logits(self, x):
        return self.main_fc(self.main(self.enc(x)).mean((2, 3)))

    def forward(self, x):
        return self.logits(x)

    def aux_loss(self, x_aux, y_aux):
        if self.aux == 'mask':   # y_aux: [B,1,1,W] column mask, 1 = hidden; foreground-weighted MSE on hidden columns
            h = self.enc(x_aux * (1 - y_aux))
            r = self.r3(Fn.relu(self.r2(up2(Fn.relu(self.r1(up2(self.r0(h))))))))
            r = up2(r)
            weight = y_aux * (1 + 4 * torch.sign(x_aux))   # pixels are >= 0: sign = foreground indicator
            return ((r - x_aux) ** 2 * weight).sum() / weight.sum()
        logp = Fn.log_softmax(self.rot_fc(self.rot(self.enc(x_aux)).mean((2, 3))), dim=1)   # y_aux one-hot [B,4]
        return -(y_aux * logp).sum(1).mean()


def random_masks(b):
    m = np.zeros((b, 1, 1, W), np.float32)
    for i, s in enumerate(np.random.randint(MASK_COLS, W - 2 * MASK_COLS + 1, b)):   # middle columns (interpolation)
        m[i, 0, 0, s:s + MASK_COLS] = 1
    return torch.from_numpy(m)


def aux_batch(x):
    if args.aux == 'mask':
        return x, random_masks(len(x))
    k = np.random.randint(0, 4, len(x))
    xr = torch.stack([torch.rot90(x[i], int(k[i]), dims=(1, 2)) for i in range(len(x))])
    return xr, torch.from_numpy(np.eye(4, dtype=np.float32)[k])


model = YNet(args.aux); opt = torch.optim.Adam(model.parameters(), lr=2e-3, weight_decay=1e-4)


def evaluate(idx):
    model.eval(); probs = []; aux = 0.0
    with torch.no_grad():
        for i in range(0, len(idx), 256):
            x = img(idx[i:i + 256]); probs.append(torch.softmax(model(x), 1)[:, 1].numpy())
            aux += float(model.aux_loss(*aux_batch(x))) * len(x)
    p = np.concatenate(probs).astype(np.float64); y = labels[idx]
    ce = float(-np.mean(y * np.log(p + 1e-9) + (1 - y) * np.log(1 - p + 1e-9)))
    return p, {'ce': ce, 'aux': aux / len(idx), 'accuracy': float(np.mean((p >= 0.5) == y)), 'brier': float(np.mean((p - y) ** 2)),
               'positiveRate': float(y.mean()), 'n': int(len(idx))}


t0 = time.time(); best = (np.inf, None, 0); history = []
for epoch in range(args.epochs):
    model.train(); order = np.random.permutation(i_train)
    for i in range(0, len(order), 64):
        b = order[i:i + 64]; x = img(b)
        loss = Fn.cross_entropy(model(x), torch.from_numpy(labels[b])) + model.aux_loss(*aux_batch(x))
        opt.zero_grad(); loss.backward(); opt.step()
    _, v = evaluate(i_val); history.append({k: round(v[k], 4) for k in ('ce', 'aux', 'accuracy')})
    print(f'epoch {epoch} val {history[-1]} ({time.time() - t0:.0f}s)', flush=True)
    if v['ce'] + v['aux'] < best[0]: best = (v['ce'] + v['aux'], {k: t.clone() for k, t in model.state_dict().items()}, epoch)
model.load_state_dict(best[1]); model.eval()
_, val_metrics = evaluate(i_val); _, test_metrics = evaluate(i_test)
metrics = {'seconds': round(time.time() - t0, 1), 'bestEpoch': best[2], 'validationByEpoch': history, 'validation': val_metrics,
           'test': test_metrics, 'params': int(sum(p.numel() for p in model.parameters()))}
print(metrics)

# --- baseline graph ---
x1 = img(i_test[:1])
torch.onnx.export(model, (x1,), os.path.join(out, 'model.onnx'), opset_version=17, input_names=['x'], output_names=['logits'],
                  dynamic_axes={'x': {0: 'batch'}, 'logits': {0: 'batch'}}, do_constant_folding=True)

# --- TTT graphs (notes/onnx-and-ttt.md section 4) ---
aten = torch.ops.aten


def conv_bwd(gO, x, w, bias_sizes, stride, padding, dilation, transposed, output_padding, groups, mask):
    assert groups == 1 and not transposed and all(d == 1 for d in dilation)
    kh, kw = w.shape[2], w.shape[3]; gi = gw = gb = None
    if mask[0]:
        op = [(x.shape[2] + 2 * padding[0] - kh) % stride[0], (x.shape[3] + 2 * padding[1] - kw) % stride[1]]
        gi = aten.convolution(gO, w, None, stride, padding, [1, 1], True, op, 1)
    if mask[1]:
        gw = aten.convolution(x.transpose(0, 1), gO.transpose(0, 1), None, [1, 1], padding, stride, False, [0, 0], 1)
        gw = gw[:, :, :kh, :kw].transpose(0, 1)
    if mask[2]:
        gb = gO.sum([0, 2, 3])
    return gi, gw, gb


DECOMP = get_decompositions([aten.native_group_norm, aten.native_group_norm_backward, aten.threshold_backward, aten._log_softmax,
                             aten._log_softmax_backward_data, aten.addmm, aten.t, aten.mse_loss, aten.mse_loss_backward])
DECOMP[aten.convolution_backward.default] = conv_bwd
DECOMP[aten._reshape_alias.default] = lambda x, size, stride: aten.view.default(x, size)
DECOMP[aten._unsafe_view.default] = lambda x, size: aten.view.default(x.contiguous(), size)

state = {k: v.detach().clone() for k, v in model.named_parameters()}
names = [k for k in state if k.startswith('enc.')]
fixed = {k: v for k, v in state.items() if k not in names}


class AuxWrap(nn.Module):          # functional_call needs a module whose forward is the aux loss
    def __init__(self):
        super().__init__(); self.m = model

    def forward(self, x_aux, y_aux):
        return self.m.aux_loss(x_aux, y_aux)


AUX = AuxWrap()
fixed_w = {'m.' + k: v for k, v in fixed.items()}; names_w = ['m.' + n for n in names]


def step(x_aux, y_aux, lr, *ps):
    ps = [p.requires_grad_() for p in ps]
    loss = functional_call(AUX, {**fixed_w, **dict(zip(names_w, ps))}, (x_aux, y_aux))
    gs = torch.autograd.grad(loss, ps)
    return (loss.detach(), *[(p - lr * g).detach() for p, g in zip(ps, gs)])


def predict(x, *ps):
    return functional_call(model, {**fixed, **dict(zip(names, ps))}, (x,))


ps0 = [state[n].clone() for n in names]   # step() marks its inputs requires_grad: keep `state` clean
img0 = img(i_test[:1])
if args.aux == 'mask':
    x_aux0 = img0; y_aux0 = random_masks(1)
else:
    x_aux0 = torch.stack([torch.rot90(img0[0], k, dims=(1, 2)) for k in range(4)]); y_aux0 = torch.eye(4)
lr0 = torch.tensor([TTT_LR])
gm = make_fx(step, decomposition_table=DECOMP)(x_aux0, y_aux0, lr0, *ps0)
p_in = ['p.' + n for n in names]; p_out = ['new.' + n for n in names]
torch.onnx.export(gm, (x_aux0, y_aux0, lr0, *ps0), os.path.join(out, 'ttt_step.onnx'), opset_version=17,
                  input_names=['x_aux', 'y_aux', 'lr'] + p_in, output_names=['loss'] + p_out)
with torch.no_grad():
    gp = make_fx(predict, decomposition_table=DECOMP)(img0, *ps0)
torch.onnx.export(gp, (img0, *ps0), os.path.join(out, 'ttt_predict.onnx'), opset_version=17, input_names=['x'] + p_in, output_names=['logits'])
init = np.concatenate([state[n].detach().numpy().astype(np.float32).ravel() for n in names])
init.tofile(os.path.join(out, 'ttt_init.bin'))

# --- goldens: baseline logits for 3 test images; TTT: 3 free-running steps of the traced graph gm ---
gi = i_test[[0, len(i_test) // 2, len(i_test) - 1]]
with torch.no_grad():
    g_logits = model(img(gi)).numpy()
params = list(ps0); steps = []
with torch.no_grad():
    logits_before = gp(img0, *params)
for s in range(TTT_STEPS):
    res = gm(x_aux0, y_aux0, lr0, *params)
    params = list(res[1:])
    steps.append({'loss': float(res[0]), 'params': {n: {'sum': float(p.double().sum()), 'absSum': float(p.double().abs().sum()),
                                                        'head': [float(v) for v in p.ravel()[:4]]} for n, p in zip(names, params)}})
with torch.no_grad():
    logits_after = gp(img0, *params)
write_json(os.path.join(out, 'golden.json'), {'inputs': {'x': golden_tensor(img(gi))}, 'outputs': {'logits': golden_tensor(g_logits)}, 'tolerance': {'abs': 1e-4}})
write_json(os.path.join(out, 'ttt_golden.json'), {
    'image': golden_tensor(img0), 'yAux': golden_tensor(y_aux0) if args.aux == 'mask' else None, 'lr': TTT_LR,
    'logitsBefore': golden_tensor(logits_before), 'steps': steps, 'logitsAfter': golden_tensor(logits_after),
    'tolerance': {'loss': 1e-4, 'paramSumRel': 1e-4, 'logits': 1e-3}})

rel = lambda f: graph_ref(out, f[0], f[1], f[2])
adapted = [{'name': n, 'shape': list(state[n].shape)} for n in names]
aux_shape = [1, 1, H, W] if args.aux == 'mask' else [4, 1, H, W]
y_shape = [1, 1, 1, W] if args.aux == 'mask' else [4, 4]
ttt = {'aux': 'masked-column' if args.aux == 'mask' else 'rotation',
       'step': rel(('ttt_step.onnx', [tensor('x_aux', aux_shape), tensor('y_aux', y_shape), tensor('lr', [1])] + [tensor('p.' + a['name'], a['shape']) for a in adapted],
                    [tensor('loss', [])] + [tensor('new.' + a['name'], a['shape']) for a in adapted])),
       'predict': rel(('ttt_predict.onnx', [tensor('x', [1, 1, H, W])] + [tensor('p.' + a['name'], a['shape']) for a in adapted], [tensor('logits', [1, 2])])),
       'adapted': adapted,
       'initial': {'file': 'ttt_init.bin', 'sha256': sha256(os.path.join(out, 'ttt_init.bin')), 'bytes': int(init.nbytes)},
       'defaults': {'lr': TTT_LR, 'steps': TTT_STEPS, 'maskColumns': MASK_COLS},
       'golden': {'file': 'ttt_golden.json', 'sha256': sha256(os.path.join(out, 'ttt_golden.json'))}}
name = 'masked-column reconstruction' if args.aux == 'mask' else 'rotation prediction'
write_json(os.path.join(out, 'manifest.json'), {
    'format': 'regimelab-model', 'version': 1, 'id': MODEL_ID, 'name': f'BTC 1h chart classifier, {name} TTT',
    'description': f'Y-shaped GroupNorm ResNet on 64x64 candlestick+volume images of the last 168 bars; main head P(high next-24h vol), auxiliary {name} head for test-time training of the shared encoder.',
    'task': 'regime-classifier', 'family': 'y-resnet-gn',
    'graph': graph_ref(out, 'model.onnx', [tensor('x', ['batch', 1, H, W])], [tensor('logits', ['batch', 2])]),
    'input': {'kind': 'chart-image', 'timeframe': '1h', 'chart': chart},
    'output': {'kind': 'class-logits', 'tensor': 'logits', 'classes': ['low-vol', 'high-vol'], 'highClassIndex': 1, 'horizonBars': 24,
               'labelThreshold': threshold, 'labelQuantile': QUANTILE,
               'meaning': 'softmax(logits)[1] = P(realized vol of the next 24 bars > labelThreshold, the 0.75 quantile of the training period)'},
    'ttt': ttt,
    'golden': {'file': 'golden.json', 'sha256': sha256(os.path.join(out, 'golden.json'))},
    'training': {**data_ref(manifest, f'scripts/train/train_chart_cnn.py --aux {args.aux}', (i_train, i_val, i_test)), 'framework': f'torch {torch.__version__}', 'metrics': metrics},
})
for f in ('model.onnx', 'ttt_step.onnx', 'ttt_predict.onnx', 'ttt_init.bin'):
    print(f, os.path.getsize(os.path.join(out, f)))
