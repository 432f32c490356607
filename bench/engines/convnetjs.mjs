// ConvNetJS 0.3.0 peer: Net + Trainer, one trainer.train(vol, label) per sample (its idiomatic
// API; the trainer updates every batch_size samples). Closest equivalents where 0.3.0 lacks a
// piece: BCE on a sigmoid -> 2-class softmax (the same function of the logit difference); Adam ->
// 'windowgrad' (RMSProp, ro 0.999, eps 1e-8: npm's 0.3.0 has no Adam); its regression loss is
// 0.5 (o - y)^2, so SGD's lr is doubled to take MSE's step. Defaults figure: Vols made from the
// user's arrays (or CSV text) inside the clock; its usual per-epoch figure is the mean of the
// cost_loss that trainer.train returns.
import { rng, steps, fromUser } from '../data.mjs';
import { loadConvnet } from './libs.mjs';

let convnetjs;

export async function setup() {
  convnetjs = await loadConvnet();
  return { engine: 'ConvNetJS 0.3.0' };
}

export function create(w, data, { user } = {}) {
  const { batch, total } = steps(w);
  const d = data.inputs, L = w.layers.length - 1;
  const defs = [{ type: 'input', out_sx: 1, out_sy: 1, out_depth: d }];
  for (let l = 1; l < L; l++) defs.push({ type: 'fc', num_neurons: w.layers[l], activation: w.hidden });
  const classify = w.loss !== 'mse';
  if (classify) defs.push({ type: 'softmax', num_classes: w.loss === 'bce' ? 2 : w.layers[L] });
  else defs.push({ type: 'regression', num_neurons: 1 });
  const net = new convnetjs.Net();
  const random = Math.random;
  Math.random = rng(55).uniform;  // its init draws from Math.random: seed it, so runs repeat
  try { net.makeLayers(defs); } finally { Math.random = random; }
  const sgd = w.optimizer.kind === 'sgd';
  const trainer = new convnetjs.Trainer(net, sgd
    ? { method: 'sgd', learning_rate: classify ? w.optimizer.lr : 2 * w.optimizer.lr, momentum: 0, batch_size: batch, l2_decay: 0 }
    : { method: 'windowgrad', learning_rate: w.optimizer.lr, ro: 0.999, eps: 1e-8, batch_size: batch, l2_decay: 0 });
  let vols = [], labels = [];
  const toVols = ({ n, x, y }) => {
    vols = []; labels = [];
    for (let i = 0; i < n; i++) {
      const v = new convnetjs.Vol(1, 1, d, 0);
      for (let k = 0; k < d; k++) v.w[k] = x[i * d + k];
      vols.push(v);
      labels.push(classify ? y[i] : [y[i]]);
    }
  };
  toVols(data);
  const epochs = [];
  return {
    info: { engine: 'ConvNetJS 0.3.0', notes: classify ? (sgd ? '2-class softmax for sigmoid+BCE' : 'windowgrad (RMSProp) for Adam; softmax CE') : (sgd ? 'regression layer, lr x2 (0.5 (o-y)^2 loss)' : 'windowgrad (RMSProp) for Adam') },
    async train({ maxSteps = 0 } = {}) {
      if (user) toVols(fromUser(w, user));
      const limit = (maxSteps > 0 ? Math.min(maxSteps, total) : total) * batch;
      let samples = 0;
      for (let e = 0; e < w.epochs && samples < limit; e++) {
        let cost = 0, rows = 0;
        for (let i = 0; i < data.n && samples < limit; i++, samples++, rows++) cost += trainer.train(vols[i], labels[i]).cost_loss;
        if (user) epochs.push({ loss: cost / rows });
      }
      return samples;
    },
    get epochs() { return epochs; },
    predict() {
      const C = w.loss === 'softmax_ce' ? w.layers[L] : 1;
      const out = new Float32Array(data.n * C);
      for (let i = 0; i < data.n; i++) {
        const p = net.forward(vols[i], false).w;
        if (w.loss === 'bce') out[i] = p[1];
        else for (let j = 0; j < C; j++) out[i * C + j] = p[j];
      }
      return out;
    },
  };
}
