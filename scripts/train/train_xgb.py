"""Gradient-boosted trees (research/001's winner, XGBoost 1.7): the 45 z-scored features of the
prediction row -> ln 24h realized vol. No converter exists here (onnxmltools/skl2onnx are not in
Debian), so the ai.onnx.ml TreeEnsembleRegressor node is written by hand from the booster's JSON
(notes/onnx-and-ttt.md section 3). Run: /usr/bin/python3 scripts/train/train_xgb.py"""
import json, os, sys, time
import numpy as np, onnx, xgboost as xgb
from onnx import helper, TensorProto
sys.path.insert(0, os.path.dirname(__file__))
from common import *

np.random.seed(7)
MODEL_ID = 'btc-1h-rv24-xgb'; WINDOW = 1
out = os.path.join(MODELS, MODEL_ID); os.makedirs(out, exist_ok=True)
manifest, A = load_dataset(); names = manifest['meta']['featureNames']
F, target = A['features'], A['target'].astype(np.float64)
cols = np.arange(len(names)); train, val, test = split_rows(manifest, target, WINDOW)
mean, std = fit_normalization(F, cols, manifest['meta']['split']['trainEndRow'])
X = lambda rows: windows(F, cols, rows, WINDOW, mean, std)[:, 0, :]
y = np.log(target)

t0 = time.time()
# The research's tuned values (max_depth 6, eta 0.068, 256 trees, subsample 0.73, min_child_weight 7,
# lambda 0.68) with early stopping on 2023 so the shipped file stays small.
model = xgb.XGBRegressor(n_estimators=256, max_depth=6, learning_rate=0.068, subsample=0.73, colsample_bytree=0.8,
                         min_child_weight=7, reg_lambda=0.68, tree_method='hist', n_jobs=1, random_state=7,
                         early_stopping_rounds=30)
model.fit(X(train), y[train], eval_set=[(X(val), y[val])], verbose=False)
booster = model.get_booster()
best = int(model.best_iteration) + 1
raw = json.loads(booster.save_raw('json'))
learner = raw['learner']
bs = learner['learner_model_param']['base_score']
base = float(bs.strip('[]').split(',')[0]) if isinstance(bs, str) else float(bs)
trees = learner['gradient_booster']['model']['trees'][:best]

attrs = {k: [] for k in ['nodes_treeids', 'nodes_nodeids', 'nodes_featureids', 'nodes_modes', 'nodes_values', 'nodes_truenodeids',
                         'nodes_falsenodeids', 'nodes_missing_value_tracks_true', 'target_treeids', 'target_nodeids', 'target_ids', 'target_weights']}
for t, tree in enumerate(trees):
    for n in range(len(tree['left_children'])):
        leaf = tree['left_children'][n] == -1
        attrs['nodes_treeids'].append(t); attrs['nodes_nodeids'].append(n)
        attrs['nodes_featureids'].append(0 if leaf else tree['split_indices'][n])
        attrs['nodes_modes'].append('LEAF' if leaf else 'BRANCH_LT')       # xgboost sends x < split left
        attrs['nodes_values'].append(0.0 if leaf else float(tree['split_conditions'][n]))
        attrs['nodes_truenodeids'].append(0 if leaf else tree['left_children'][n])
        attrs['nodes_falsenodeids'].append(0 if leaf else tree['right_children'][n])
        attrs['nodes_missing_value_tracks_true'].append(0 if leaf else int(tree['default_left'][n]))
        if leaf:
            attrs['target_treeids'].append(t); attrs['target_nodeids'].append(n); attrs['target_ids'].append(0)
            attrs['target_weights'].append(float(tree['split_conditions'][n]))
node = helper.make_node('TreeEnsembleRegressor', ['x'], ['log_rv'], domain='ai.onnx.ml', n_targets=1,
                        aggregate_function='SUM', post_transform='NONE', base_values=[base], **attrs)
graph = helper.make_graph([node], 'xgb_rv', [helper.make_tensor_value_info('x', TensorProto.FLOAT, ['batch', len(cols)])],
                          [helper.make_tensor_value_info('log_rv', TensorProto.FLOAT, ['batch', 1])])
m = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 17), helper.make_opsetid('ai.onnx.ml', 3)], producer_name='regimelab-train-xgb')
m.ir_version = 8
onnx.checker.check_model(m)
onnx.save(m, os.path.join(out, 'model.onnx'))

pred = lambda rows: model.predict(X(rows), iteration_range=(0, best)).astype(np.float64)
scale = float(np.mean(target[val]) / np.mean(np.exp(pred(val))))
importance = booster.get_score(importance_type='gain')
top = sorted(((names[int(k[1:])], round(v, 4)) for k, v in importance.items()), key=lambda kv: -kv[1])[:10]
metrics = {'seconds': round(time.time() - t0, 1), 'trees': best, 'maxDepth': 6,
           'validation': forecast_metrics(scale * np.exp(pred(val)), target[val]),
           'test': forecast_metrics(scale * np.exp(pred(test)), target[test]), 'topGain': top}
print(metrics)
golden_rows = test[[0, 1, len(test) // 2, len(test) - 1]]
gx = X(golden_rows)
write_forecaster(out, MODEL_ID, 'BTC 1h gradient-boosted trees, 24h realized vol', 'gradient-boosted-trees',
                 f'XGBoost 1.7 ({best} trees, depth 6) on the 45 z-scored features of the prediction row, as a hand-written TreeEnsembleRegressor.',
                 names, WINDOW, mean, std, scale, [tensor('x', ['batch', len(cols)])], [tensor('log_rv', ['batch', 1])],
                 {**data_ref(manifest, 'scripts/train/train_xgb.py', (train, val, test)), 'framework': f'xgboost {xgb.__version__}', 'metrics': metrics},
                 {'x': gx}, {'log_rv': model.predict(gx, iteration_range=(0, best))[:, None]}, {'abs': 2e-5})
print('wrote', out, os.path.getsize(os.path.join(out, 'model.onnx')), 'bytes')
