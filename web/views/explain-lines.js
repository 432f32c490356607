// The update equations of "explain this step", as text lines with the engine's numbers: which
// parameter an index is (PyTorch layout), and per optimizer the lines from session.explain()'s
// values. Pure functions (Node tests check every optimizer against the engine).
// Not here: the card (explain.js) or any maths beyond w before the step = w - step.

/** Four significant digits, exponent form for tiny/huge values (as the charts print numbers). */
function fmt(v) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}

const n = (v) => (typeof v === 'number' ? fmt(v) : '–');
/** An operand: negative numbers in brackets ("0.01·(−8e-6)"). */
const o = (v) => (typeof v === 'number' && v < 0 ? `(${n(v)})` : n(v));

/** What parameter i is: "x" / "y" in function mode, else "layer 2 weight W[3][0]" (PyTorch layout). */
export function parameterName(i, problem, spec) {
  if (problem?.functionMode) return i === 0 ? 'x' : 'y';
  const sizes = [problem?.inputs ?? 1, ...(spec?.model?.kind === 'mlp' ? spec.model.hidden ?? [] : []), problem?.outputs ?? 1];
  let k = i;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const fin = sizes[l];
    const fout = sizes[l + 1];
    const layer = sizes.length > 2 ? `layer ${l + 1} ` : '';
    if (k < fin * fout) return `${layer}weight W[${Math.floor(k / fin)}][${k % fin}]`;
    k -= fin * fout;
    if (k < fout) return `${layer}bias b[${k}]`;
    k -= fout;
  }
  return `parameter ${i}`;
}

/**
 * The update of one parameter as lines: [{ eq, note }], from explain()'s values (e) and the
 * optimizer's settings (o). Numbers are the engine's; only w before the step is derived (w - step).
 */
export function explainLines(kind, e, opt, { lineSearch = false, stepSize = NaN } = {}) {
  // With a line search the engine reports w, g and the nominal lr; the step is -a g with the
  // accepted step length a (history.step_size).
  if (lineSearch && e.step === undefined && Number.isFinite(stepSize)) e = { ...e, step: -stepSize * e.g, t: e.t ?? '' };
  const before = e.w - e.step;
  const wLine = (expr) => ({ eq: `w ← ${expr} = ${n(e.w)}`, note: `the parameter moves by ${n(e.step)} (from ${n(before)})` });
  const g = { eq: `g = ∂L/∂w = ${n(e.g)}`, note: `the gradient of this parameter in step t = ${e.t}${opt.weight_decay ? ` (weight decay ${opt.weight_decay} included)` : ''}` };
  // Momentum and beta1 as the engine used them in this step: a one-cycle schedule with
  // cycle_momentum moves them away from the spec's value.
  const cycled = (used, given) => (used === undefined || used === given ? `${given}` : `${n(used)} (this step's; the schedule cycles it)`);
  const mu = cycled(e.momentum, opt.momentum);
  const b1 = cycled(e.beta1, opt.beta1);
  switch (kind) {
    case 'sgd':
      if (lineSearch) return [{ ...g, note: 'the gradient of this parameter in the last step' }, { eq: `a = ${n(-e.step / e.g)}`, note: 'the step length the line search accepted (it replaces the learning rate)' }, wLine(`w − a·g = ${n(before)} − ${n(-e.step / e.g)}·${o(e.g)}`)];
      return [g, wLine(`w − lr·g = ${n(before)} − ${n(e.lr)}·${o(e.g)}`)];
    case 'momentum':
      return [g, opt.form === 'ema'
        ? { eq: `v ← μ·v + (1 − μ)·g = ${n(e.v)}`, note: `velocity, μ = ${mu} (the moving-average form)` }
        : { eq: `v ← μ·v + ${opt.dampening ? `(1 − ${opt.dampening})·` : ''}g = ${n(e.v)}`, note: `velocity, μ = ${mu}${e.t === 1 ? ' (step 1: v = g)' : ''}` },
      wLine(`w − lr·v = ${n(before)} − ${n(e.lr)}·${o(e.v)}`)];
    case 'nesterov':
      return [g, { eq: `v ← μ·v + g = ${n(e.v)}`, note: `velocity, μ = ${mu}` },
        { eq: `g + μ·v = ${n(e.g_nesterov)}`, note: 'the look-ahead gradient: the velocity applied once more' },
        wLine(`w − lr·(g + μ·v) = ${n(before)} − ${n(e.lr)}·${o(e.g_nesterov)}`)];
    case 'adagrad':
      return [g, { eq: `sum ← sum + g² = ${n(e.sum)}`, note: 'every squared gradient so far: it only grows, so the steps only shrink' },
        { eq: `clr = lr / (1 + (t − 1)·lr_decay) = ${n(e.clr)}`, note: '' },
        { eq: `√sum + ε = ${n(e.denom)}`, note: '' },
        wLine(`w − clr·g / (√sum + ε) = ${n(before)} − ${n(e.clr)}·${o(e.g)} / ${o(e.denom)}`)];
    case 'rmsprop':
      return [g, { eq: `sq ← α·sq + (1 − α)·g² = ${n(e.square_avg)}`, note: `a moving average of squared gradients, α = ${opt.alpha}` },
        ...(opt.centered ? [{ eq: `ḡ ← α·ḡ + (1 − α)·g = ${n(e.grad_avg)}`, note: 'centered: the mean gradient, whose square is subtracted from sq' }] : []),
        { eq: `${opt.centered ? '√(sq − ḡ²)' : '√sq'} + ε = ${n(e.avg)}`, note: '' },
        ...(e.buf !== undefined
          ? [{ eq: `buf ← μ·buf + g / (√sq + ε) = ${n(e.buf)}`, note: `momentum ${mu} on the normalised step` },
            wLine(`w − lr·buf = ${n(before)} − ${n(e.lr)}·${o(e.buf)}`)]
          : [wLine(`w − lr·g / (√sq + ε) = ${n(before)} − ${n(e.lr)}·${o(e.g)} / ${o(e.avg)}`)])];
    case 'adam': case 'adamw': case 'amsgrad': {
      const lines = [g];
      if (kind === 'adamw') lines.push({ eq: `w ← w·(1 − lr·λ), factor ${n(e.decay_factor)}`, note: 'decoupled weight decay, before the Adam step' });
      lines.push(
        { eq: `m ← β₁·m + (1 − β₁)·g = ${n(e.m)}`, note: `first moment (mean of g), β₁ = ${b1}` },
        { eq: `v ← β₂·v + (1 − β₂)·g² = ${n(e.v)}`, note: `second moment (mean of g²), β₂ = ${opt.beta2}` },
        ...(e.v_max !== undefined ? [{ eq: `v_max ← max(v_max, v) = ${n(e.v_max)}`, note: 'AMSGrad keeps the largest v' }] : []),
        { eq: `1 − β₁ᵗ = ${n(e.bias_correction1)},  1 − β₂ᵗ = ${n(e.bias_correction2)}`, note: 'bias corrections: the moments start at 0, so early averages are too small' },
        { eq: `m̂ = m / (1 − β₁ᵗ) = ${n(e.m_hat)},  v̂ = v / (1 − β₂ᵗ) = ${n(e.v_hat)}`, note: '' },
        { eq: `√v̂ + ε = ${n(e.denom)}`, note: '' },
        wLine(`w − lr·m̂ / (√v̂ + ε) = ${n(before)} − ${n(e.lr)}·${o(e.m_hat)} / ${o(e.denom)}`),
      );
      return lines;
    }
    case 'adamax':
      return [g, { eq: `m ← β₁·m + (1 − β₁)·g = ${n(e.m)}`, note: `β₁ = ${b1}` },
        { eq: `u ← max(β₂·u, |g| + ε) = ${n(e.u)}`, note: 'an exponentially weighted infinity norm' },
        { eq: `clr = lr / (1 − β₁ᵗ) = ${n(e.clr)}`, note: `bias correction 1 − β₁ᵗ = ${n(e.bias_correction1)}` },
        wLine(`w − clr·m / u = ${n(before)} − ${n(e.clr)}·${o(e.m)} / ${o(e.u)}`)];
    case 'nadam':
      return [g, { eq: `m ← β₁·m + (1 − β₁)·g = ${n(e.m)}`, note: e.beta1 !== undefined && e.beta1 !== opt.beta1 ? `β₁ = ${b1}` : '' },
        { eq: `v ← β₂·v + (1 − β₂)·g² = ${n(e.v)}`, note: '' },
        { eq: `μₜ = ${n(e.mu)},  μₜ₊₁ = ${n(e.mu_next)},  Πμ = ${n(e.mu_product)}`, note: 'the momentum schedule' },
        { eq: `√(v / (1 − β₂ᵗ)) + ε = ${n(e.denom)}`, note: `1 − β₂ᵗ = ${n(e.bias_correction2)}` },
        wLine(`w − lr·((1 − μₜ)·g / (1 − Πμ) + μₜ₊₁·m / (1 − Πμ·μₜ₊₁)) / ${o(e.denom)}`)];
    case 'adadelta':
      return [g, { eq: `sq ← ρ·sq + (1 − ρ)·g² = ${n(e.square_avg)}`, note: `ρ = ${opt.rho}` },
        { eq: `d = √(acc + ε) / √(sq + ε) · g = ${n(e.delta)}`, note: 'the step in units of past steps' },
        { eq: `acc ← ρ·acc + (1 − ρ)·d² = ${n(e.acc_delta)}`, note: '' },
        wLine(`w − lr·d = ${n(before)} − ${n(e.lr)}·${o(e.delta)}`)];
    default:
      return Object.entries(e).map(([k, v]) => ({ eq: `${k} = ${n(v)}`, note: '' }));
  }
}
