// The lessons: one-click presets covering the curriculum, each a spec (the page's run, "A") and
// optionally challengers (patches on it: a race), with a two-sentence caption of what to look at.
// Data only: tests/js/lessons.test.mjs checks every spec and run in the engine, and the page
// opens #lesson=<id> (app/link.js, panels/lessons/); <descent-playground lesson="id"> opens them too.
// Not here: any DOM, or anything the engine would have to be told twice.

/** Where a lesson's picture is: the card the page scrolls to. */
export const FOCUS = Object.freeze(['landscape', 'race', 'fits', 'charts']);

const line = (extra = {}) => ({ source: 'synthetic', generator: 'line', samples: 100, noise: 0.3, ...extra });
const fn = (name, start, extra = {}) => ({ source: 'function', function: name, start, ...extra });

/**
 * { id, title, topic, caption, spec, runs: [patch], claims, pace, focus, steps, series? }. steps: how
 * far a test (and a reader) should let it run to see the point; the spec itself says when the run
 * stops. claims: what the caption says, as data (claims.js checks them; the page and the tests show
 * them). pace: the steps per frame the lesson plays at (the controller sets it on opening), chosen
 * so that the lesson takes about 5-15 s at ~60 frames a second; below 1 it is one step every 1/pace
 * frames (engine/pace.js: 0.2 = a step every 5 frames), for the shortest lessons.
 * series: what the race chart shows first (race/panel.js: loss, epoch, validation, lr, grad).
 * exercise: a prediction to make before pressing Play ({ question, choices: [{ text, run }], answer:
 * what decides it (claims.js answerExercise), expect: the run that answers it, why: one line});
 * the page reveals the answer from the runs' own numbers once they finish.
 */
export const LESSONS = Object.freeze([
  {
    id: 'learning-rate',
    title: 'Learning rate: too small, about right, too large',
    topic: 'Step size',
    caption: 'With inputs in [0, 1], not centred, this line fit\u2019s loss surface is a long tilted valley: rate 0.5 (A) drops to the floor and follows it down, 0.05 (B) creeps and ends far from the bottom. Above 2 / 2.6 = 0.77 (2 over the steepest curvature) every step overshoots, so 0.785 (C) zig-zags with growing swings and its loss rises.',
    spec: { seed: 42, data: line(), preprocess: { normalize: 'minmax', validation_split: 0 }, model: { kind: 'linear' }, optimizer: { kind: 'sgd', lr: 0.5 }, schedule: { kind: 'constant' }, training: { batch_size: 0, epochs: 60 } },
    runs: [{ 'optimizer.lr': 0.05 }, { 'optimizer.lr': 0.785 }],
    claims: [
      { kind: 'less', run: 'A', measure: 'final', than: { measure: 'first', factor: 0.2 } },
      { kind: 'greater', run: 'B', measure: 'final', than: { run: 'A', factor: 2 } },
      { kind: 'less', run: 'B', measure: 'pathLength', than: { run: 'A', factor: 0.5 } },
      { kind: 'lossRises', run: 'C' },
      { kind: 'greater', run: 'C', measure: 'pathLength', than: { run: 'A', factor: 10 } },
    ],
    exercise: {
      question: 'One run\u2019s loss oscillates and grows. Which one, and what would fix it?',
      choices: [{ text: 'A (0.5): the rate is fine', run: 'A' }, { text: 'B (0.05): it needs a larger rate', run: 'B' }, { text: 'C (0.785): it needs a smaller rate', run: 'C' }],
      answer: { measure: 'final', best: 'max' },
      expect: 'C',
      why: 'Above 2 / (the steepest curvature), here 0.77, every step across the valley overshoots by more than it started from: lowering the learning rate is the fix.',
    },
    pace: 0.2,
    focus: 'landscape',
    steps: 60,
  },
  {
    id: 'batch-noise',
    title: 'Full batch, mini-batch and stochastic gradient descent',
    topic: 'Batches',
    caption: 'The full-batch path (A) walks straight down the surface, mini-batches of 16 (B) wobble around it, and single examples (C) jitter all the way to the bottom. Switch the race axis to epochs: per pass over the data, the noisy runs take many more steps and often get there first.',
    spec: { seed: 42, data: line(), preprocess: { normalize: 'zscore', validation_split: 0 }, model: { kind: 'linear' }, optimizer: { kind: 'sgd', lr: 0.05 }, schedule: { kind: 'constant' }, training: { batch_size: 0, epochs: 30 } },
    runs: [{ 'training.batch_size': 16 }, { 'training.batch_size': 1 }],
    claims: [
      { kind: 'greater', run: 'B', measure: 'pathLength', than: { run: 'A', factor: 2 } },
      { kind: 'greater', run: 'C', measure: 'pathLength', than: { run: 'B', factor: 2 } },
      { kind: 'reaches', run: 'C', below: 0.1, x: 'epochs', withinStepsOf: { run: 'A', factor: 0.5 } },
    ],
    pace: 10,
    focus: 'landscape',
    steps: 3000,
  },
  {
    id: 'momentum-valley',
    title: 'Momentum in a narrow valley',
    topic: 'Momentum',
    caption: 'At this learning rate plain gradient descent (A) bounces from one steep wall of the long valley to the other on every step, and crawls along its flat floor. Momentum 0.6 (B), with the same learning rate, lets successive bounces cancel and builds up speed along the floor: its path is less than half as long and it reaches the bottom in less than half the steps.',
    spec: { seed: 42, data: fn('quadratic', [-3, 1], { k: 50 }), optimizer: { kind: 'sgd', lr: 0.039 }, schedule: { kind: 'constant' }, training: { steps: 80 } },
    runs: [{ 'optimizer.kind': 'momentum', 'optimizer.lr': 0.039, 'optimizer.momentum': 0.6 }],
    claims: [
      { kind: 'reaches', run: 'B', fraction: 0.001, withinStepsOf: { run: 'A', factor: 0.5 } },
      { kind: 'less', run: 'B', measure: 'pathLength', than: { run: 'A', factor: 0.5 } },
    ],
    exercise: {
      question: 'Which run reaches the bottom (0.1% of its starting value) first?',
      choices: [{ text: 'A, plain gradient descent', run: 'A' }, { text: 'B, momentum', run: 'B' }],
      answer: { kind: 'reaches', fraction: 0.001 },
      expect: 'B',
      why: 'Momentum adds up the steps that point the same way (along the floor) while the steps across the valley alternate in sign and cancel.',
    },
    pace: 0.25,
    focus: 'landscape',
    steps: 80,
  },
  {
    id: 'nesterov',
    title: 'Nesterov versus classical momentum',
    topic: 'Momentum',
    caption: 'With heavy momentum (0.95) the classical method (A) overshoots and circles the minimum for a long time. Nesterov (B) looks ahead before it steps, so it brakes earlier and settles much sooner.',
    spec: { seed: 42, data: fn('quadratic', [-2.5, 1.5], { k: 50 }), optimizer: { kind: 'momentum', lr: 0.01, momentum: 0.95 }, schedule: { kind: 'constant' }, training: { steps: 150 } },
    runs: [{ 'optimizer.kind': 'nesterov', 'optimizer.lr': 0.01, 'optimizer.momentum': 0.95 }],
    claims: [
      { kind: 'less', run: 'B', measure: 'pathLength', than: { run: 'A', factor: 0.5 } },
      { kind: 'less', run: 'B', measure: 'final', than: { run: 'A', factor: 0.01 } },
    ],
    exercise: {
      question: 'With momentum 0.95, which run ends closer to the minimum after 150 steps?',
      choices: [{ text: 'A, classical momentum', run: 'A' }, { text: 'B, Nesterov', run: 'B' }],
      answer: { measure: 'final', best: 'min' },
      expect: 'B',
      why: 'Nesterov takes the gradient where the velocity is about to carry it, so it feels the far wall one step early and brakes.',
    },
    pace: 0.5,
    focus: 'landscape',
    steps: 150,
  },
  {
    id: 'adaptive',
    title: 'AdaGrad, RMSProp and Adam',
    topic: 'Adaptive methods',
    caption: 'AdaGrad (A, learning rate 0.5) divides by the sum of all past squared gradients, so its steps keep shrinking and it stalls in the banana-shaped valley, its loss still above 1. RMSProp (B, learning rate 0.01) forgets old gradients and keeps moving, and Adam (C, learning rate 0.05) adds momentum and reaches the minimum at (1, 1).',
    spec: { seed: 42, data: fn('rosenbrock', [-1.5, 2]), optimizer: { kind: 'adagrad', lr: 0.5 }, schedule: { kind: 'constant' }, training: { steps: 1000 } },
    runs: [{ 'optimizer.kind': 'rmsprop', 'optimizer.lr': 0.01 }, { 'optimizer.kind': 'adam', 'optimizer.lr': 0.05 }],
    claims: [
      { kind: 'greater', run: 'A', measure: 'final', than: 1 },
      { kind: 'less', run: 'B', measure: 'final', than: { run: 'A', factor: 0.1 } },
      { kind: 'near', run: 'C', measure: 'end', value: [1, 1], within: 0.1 },
    ],
    exercise: {
      question: 'Which optimizer gets closest to the minimum at (1, 1) in 1,000 steps?',
      choices: [{ text: 'A, AdaGrad', run: 'A' }, { text: 'B, RMSProp', run: 'B' }, { text: 'C, Adam', run: 'C' }],
      answer: { measure: 'final', best: 'min' },
      expect: 'C',
      why: 'AdaGrad\u2019s sum of squared gradients only grows, so its steps die out; Adam keeps a moving average and momentum along the curved floor.',
    },
    pace: 3,
    focus: 'landscape',
    steps: 1000,
  },
  {
    id: 'robust-losses',
    title: 'MSE, MAE, Huber and log-cosh with outliers',
    topic: 'Regression losses',
    caption: 'One point in seven has been pushed far above the line: the squared error (A) lets these outliers drag its line up towards them, while MAE, Huber and log-cosh (B to D) stay close to the true line y = 2x + 1. Compare the fitted lines, not the loss values, which are on different scales.',
    spec: { seed: 42, data: line({ noise: 0.2, outliers: 0.15, outlier_side: 'above' }), preprocess: { normalize: 'none', validation_split: 0 }, model: { kind: 'linear' }, loss: { kind: 'mse' }, optimizer: { kind: 'adam', lr: 0.05 }, schedule: { kind: 'constant' }, training: { batch_size: 0, epochs: 600 } },
    runs: [{ 'loss.kind': 'mae' }, { 'loss.kind': 'huber' }, { 'loss.kind': 'logcosh' }],
    claims: [
      { kind: 'greater', run: 'A', measure: 'lineError', truth: [2, 1], than: 0.5 },
      { kind: 'less', run: 'B', measure: 'lineError', truth: [2, 1], than: { run: 'A', factor: 0.25 } },
      { kind: 'less', run: 'C', measure: 'lineError', truth: [2, 1], than: { run: 'A', factor: 0.25 } },
      { kind: 'less', run: 'D', measure: 'lineError', truth: [2, 1], than: { run: 'A', factor: 0.25 } },
    ],
    pace: 1,
    focus: 'fits',
    steps: 600,
  },
  {
    id: 'bce-vs-hinge',
    title: 'Logistic regression (BCE) versus a linear SVM (hinge)',
    topic: 'Classification losses',
    caption: 'Once every point is beyond the margin (dotted lines, score \u00b11), the hinge loss (B) is exactly zero and the SVM stops wherever its boundary is. Cross-entropy (A) is never zero: it keeps pushing every point further, so its boundary keeps turning and ends at another angle.',
    spec: { seed: 42, data: { source: 'synthetic', generator: 'blobs', samples: 200, spread: 0.3, noise: 0, imbalance: 0.3 }, preprocess: { normalize: 'zscore', validation_split: 0 }, model: { kind: 'logistic' }, loss: { kind: 'bce_logits' }, optimizer: { kind: 'sgd', lr: 0.1 }, schedule: { kind: 'constant' }, training: { batch_size: 0, epochs: 600 } },
    runs: [{ 'model.kind': 'svm', 'loss.kind': 'hinge' }],
    claims: [
      { kind: 'greater', run: 'A', measure: 'accuracy', than: 0.99 },
      { kind: 'greater', run: 'B', measure: 'accuracy', than: 0.99 },
      { kind: 'less', run: 'B', measure: 'final', than: 1e-9 },
      { kind: 'less', run: 'B', measure: 'gradNorm', than: 1e-9 },
      { kind: 'greater', run: 'A', measure: 'gradNorm', than: 1e-3 },
      { kind: 'differs', runs: ['A', 'B'], measure: 'boundaryAngle', by: 10 },
    ],
    pace: 1,
    focus: 'fits',
    steps: 600,
  },
  {
    id: 'loss-mismatch',
    title: 'A loss that does not match the task',
    topic: 'Classification losses',
    caption: 'Cross-entropy (A) reads the 0/1 labels as classes and finds the rare class 1; squared error (B) treats them as numbers to hit, so its outputs leave [0, 1] and are no probabilities. Absolute error (C) pulls each point by the sign of its error only, so the five-to-one majority of class 0 keeps every output below 0.5: C draws no boundary and predicts class 0 everywhere.',
    spec: { seed: 42, data: { source: 'synthetic', generator: 'blobs', samples: 300, spread: 1.2, imbalance: 0.2 }, preprocess: { normalize: 'zscore', validation_split: 0 }, model: { kind: 'logistic' }, loss: { kind: 'bce_logits' }, optimizer: { kind: 'sgd', lr: 0.1 }, schedule: { kind: 'constant' }, training: { batch_size: 0, epochs: 500 } },
    runs: [{ 'model.kind': 'linear', 'loss.kind': 'mse' }, { 'model.kind': 'linear', 'loss.kind': 'mae' }],
    claims: [
      { kind: 'greater', run: 'A', measure: 'recall', class: 1, than: 0.7 },
      { kind: 'greater', run: 'B', measure: 'outsideUnit', than: 0.1 },
      { kind: 'less', run: 'C', measure: 'maxOutput', than: 0.5 },
      { kind: 'less', run: 'C', measure: 'recall', class: 1, than: 0.01 },
      { kind: 'less', run: 'C', measure: 'accuracy', than: { run: 'A' } },
    ],
    exercise: {
      question: 'Which run finds the fewest points of the rare class 1?',
      choices: [{ text: 'A, cross-entropy', run: 'A' }, { text: 'B, squared error', run: 'B' }, { text: 'C, absolute error', run: 'C' }],
      answer: { measure: 'recall', class: 1, best: 'min' },
      expect: 'C',
      why: 'The absolute error\u2019s gradient is only the sign of each error: the many class-0 points outvote the few class-1 points however far off those are.',
    },
    pace: 1,
    focus: 'fits',
    steps: 500,
  },
  {
    id: 'weighted-bce',
    title: 'Weighted cross-entropy on imbalanced classes',
    topic: 'Classification losses',
    caption: 'Class 1 has ten times fewer points, so plain cross-entropy (A) places the boundary to favour the majority class. Weighting the rare class nine times more (B) moves the boundary towards class 0: more of class 1 is found, at the price of overall accuracy.',
    spec: { seed: 42, data: { source: 'synthetic', generator: 'blobs', samples: 300, spread: 1, imbalance: 0.1 }, preprocess: { normalize: 'zscore', validation_split: 0 }, model: { kind: 'logistic' }, loss: { kind: 'bce_logits' }, optimizer: { kind: 'sgd', lr: 0.1 }, schedule: { kind: 'constant' }, training: { batch_size: 0, epochs: 300 } },
    runs: [{ 'loss.kind': 'weighted_bce', 'loss.w0': 0.1, 'loss.w1': 0.9 }],
    claims: [
      { kind: 'greater', run: 'B', measure: 'recall', class: 1, than: { run: 'A' } },
      { kind: 'less', run: 'B', measure: 'accuracy', than: { run: 'A' } },
    ],
    pace: 1,
    focus: 'fits',
    steps: 300,
  },
  {
    id: 'cce-vs-sparse',
    title: 'Categorical versus sparse categorical cross-entropy',
    topic: 'Classification losses',
    caption: 'The two loss curves lie exactly on top of each other: both losses compute the same number. Categorical cross-entropy (A) reads one-hot target vectors and the sparse version (B) reads class indices, which is only a difference in how the labels are stored.',
    spec: { seed: 42, data: { source: 'synthetic', generator: 'blobs', samples: 300, classes: 3 }, preprocess: { normalize: 'zscore', validation_split: 0.2 }, model: { kind: 'softmax' }, loss: { kind: 'cce' }, optimizer: { kind: 'sgd', lr: 0.1 }, schedule: { kind: 'constant' }, training: { batch_size: 16, epochs: 30 } },
    runs: [{ 'loss.kind': 'sparse_cce' }],
    claims: [
      { kind: 'same', runs: ['A', 'B'], tolerance: 1e-6 },
    ],
    pace: 1,
    focus: 'race',
    steps: 450,
  },
  {
    id: 'line-search',
    title: 'Armijo line search versus a fixed step',
    topic: 'Step size',
    caption: 'With a line search (A) every step starts long and is halved until it decreases the function enough (the hollow dots are the rejected trials of the last step): after some 30 short steps one accepted long step leaps across the valley to the far arm, and A ends near the minimum at (1, 1). The fixed step (B) has to be small enough for the steepest wall of the valley, so after the same 500 steps it is still far back along the floor, near (-0.5, 0.3).',
    spec: { seed: 42, data: fn('rosenbrock', [-1.2, 1]), optimizer: { kind: 'sgd', lr: 0.001 }, schedule: { kind: 'constant' }, training: { steps: 500, line_search: 'armijo' } },
    runs: [{ 'training.line_search': 'none' }],
    claims: [
      { kind: 'less', run: 'A', measure: 'final', than: { run: 'B', factor: 0.01 } },
      { kind: 'near', run: 'A', measure: 'end', value: [1, 1], within: 0.15 },
      { kind: 'near', run: 'B', measure: 'end', value: [-0.5, 0.3], within: 0.1 },
    ],
    pace: 1,
    focus: 'landscape',
    steps: 500,
  },
  {
    id: 'normalization',
    title: 'Feature normalization on badly scaled data',
    topic: 'Preprocessing',
    caption: 'The second input spans ±100 while the first spans ±1: with z-scored inputs (A) plain gradient descent converges quickly. Without normalization the same learning rate diverges at once (B), and a rate small enough to stay stable (C) crawls along the badly stretched valley.',
    spec: { seed: 42, data: { source: 'synthetic', generator: 'plane', samples: 200, scale: 100 }, preprocess: { normalize: 'zscore', validation_split: 0 }, model: { kind: 'linear' }, optimizer: { kind: 'sgd', lr: 0.1 }, schedule: { kind: 'constant' }, training: { batch_size: 0, epochs: 200 } },
    runs: [{ 'preprocess.normalize': 'none' }, { 'preprocess.normalize': 'none', 'optimizer.lr': 0.00005 }],
    claims: [
      { kind: 'less', run: 'A', measure: 'final', than: { measure: 'first', factor: 1e-4 } },
      { kind: 'stops', run: 'B', status: ['diverged'] },
      { kind: 'greater', run: 'C', measure: 'final', than: { run: 'A', factor: 10 } },
    ],
    pace: 0.5,
    focus: 'race',
    steps: 200,
  },
  {
    id: 'vanishing-gradients',
    title: 'Sigmoid versus ReLU in a deep network',
    topic: 'Deep networks',
    caption: 'Six sigmoid layers (A) shrink the gradient at every layer on the way back, so the first layers barely learn and the loss sits at chance. The same network with ReLU (B) or tanh (C) passes the gradient through and fits the moons.',
    spec: { seed: 42, data: { source: 'synthetic', generator: 'moons', samples: 300, noise: 0.1 }, preprocess: { normalize: 'zscore', validation_split: 0 }, model: { kind: 'mlp', hidden: [16, 16, 16, 16, 16, 16], activation: 'sigmoid' }, optimizer: { kind: 'sgd', lr: 0.1 }, schedule: { kind: 'constant' }, training: { batch_size: 32, epochs: 60 } },
    runs: [{ 'model.activation': 'relu' }, { 'model.activation': 'tanh' }],
    claims: [
      { kind: 'less', run: 'A', measure: 'layerGrad', layer: 0, than: { measure: 'layerGrad', layer: -1, factor: 0.01 } },
      { kind: 'less', run: 'A', measure: 'accuracy', than: 0.6 },
      { kind: 'greater', run: 'B', measure: 'accuracy', than: 0.95 },
      { kind: 'greater', run: 'C', measure: 'accuracy', than: 0.95 },
    ],
    pace: 1,
    focus: 'race',
    steps: 600,
  },
  {
    id: 'exploding-gradients',
    title: 'Exploding gradients and gradient clipping',
    topic: 'Deep networks',
    caption: 'This deep ReLU network with momentum (A) takes a few huge steps and its loss blows up within the first epoch. Clipping the gradient norm to 1 (B) bounds every step, and the same network trains smoothly.',
    spec: { seed: 42, data: { source: 'synthetic', generator: 'sine', samples: 200, noise: 0.1 }, preprocess: { normalize: 'zscore', validation_split: 0 }, model: { kind: 'mlp', hidden: [32, 32, 32, 32], activation: 'relu', init: 'he_normal' }, optimizer: { kind: 'momentum', lr: 0.05, momentum: 0.9 }, schedule: { kind: 'constant' }, training: { batch_size: 16, epochs: 100 } },
    runs: [{ 'training.clip_norm': 1 }],
    claims: [
      { kind: 'greater', run: 'A', measure: 'maxLoss', than: { measure: 'first', factor: 5 } },
      { kind: 'less', run: 'B', measure: 'maxLoss', than: { run: 'A', factor: 0.2 } },
      { kind: 'less', run: 'B', measure: 'final', than: { run: 'A' } },
    ],
    exercise: {
      question: 'Which run\u2019s loss jumps highest on the way?',
      choices: [{ text: 'A, no clipping', run: 'A' }, { text: 'B, gradient norm clipped to 1', run: 'B' }],
      answer: { measure: 'maxLoss', best: 'max' },
      expect: 'A',
      why: 'Without clipping one huge gradient makes one huge step; clipping caps the length of every step.',
    },
    pace: 3,
    focus: 'race',
    steps: 1300,
  },
  {
    id: 'early-stopping',
    title: 'Overfitting and early stopping',
    topic: 'Generalisation',
    caption: 'A big network on 48 noisy training points (A) drives its training loss to zero while the validation loss turns around and climbs: it is memorising noise. With early stopping (B) training ends once the validation loss has not improved for 20 epochs and the best parameters are restored.',
    spec: { seed: 42, data: { source: 'synthetic', generator: 'moons', samples: 80, noise: 0.35 }, preprocess: { normalize: 'zscore', validation_split: 0.4 }, model: { kind: 'mlp', hidden: [64, 64], activation: 'relu' }, optimizer: { kind: 'adam', lr: 0.01 }, schedule: { kind: 'constant' }, training: { batch_size: 16, epochs: 400 } },
    runs: [{ 'training.early_stopping': 20 }],
    claims: [
      { kind: 'greater', run: 'A', measure: 'finalValidation', than: { measure: 'bestValidation', factor: 2 } },
      { kind: 'stops', run: 'B', status: ['early_stopped'], before: { run: 'A' } },
      { kind: 'less', run: 'B', measure: 'finalValidation', than: { run: 'A', factor: 0.5 } },
    ],
    exercise: {
      question: 'Which run ends with the lower validation loss?',
      choices: [{ text: 'A, trains all 400 epochs', run: 'A' }, { text: 'B, early stopping', run: 'B' }],
      answer: { measure: 'finalValidation', best: 'min' },
      expect: 'B',
      why: 'Past the validation minimum, A fits the noise of its 48 points; B stops and keeps the parameters from that minimum.',
    },
    pace: 3,
    focus: 'race',
    series: 'validation',
    steps: 1200,
  },
  {
    id: 'schedules',
    title: 'Step decay, cosine and reduce-on-plateau',
    topic: 'Schedules',
    caption: 'With a constant learning rate (A) small mini-batches keep the loss bouncing at a noise floor. Step decay (B), cosine annealing (C) and reduce-on-plateau (D) shrink the steps later in training, so the noise dies down and the loss settles lower; show the learning rate in the race chart to see each schedule.',
    spec: { seed: 42, data: { source: 'synthetic', generator: 'line', samples: 200, noise: 0.5 }, preprocess: { normalize: 'zscore', validation_split: 0.25 }, model: { kind: 'linear' }, optimizer: { kind: 'sgd', lr: 0.2 }, schedule: { kind: 'constant' }, training: { batch_size: 4, epochs: 40 } },
    runs: [{ 'schedule.kind': 'step', 'schedule.step_size': 10, 'schedule.gamma': 0.3 }, { 'schedule.kind': 'cosine', 'schedule.t_max': 40 }, { 'schedule.kind': 'plateau', 'schedule.patience': 2, 'schedule.factor': 0.3 }],
    claims: [
      { kind: 'less', run: 'B', measure: 'final', than: { run: 'A' } },
      { kind: 'less', run: 'C', measure: 'final', than: { run: 'A' } },
      { kind: 'less', run: 'D', measure: 'final', than: { run: 'A' } },
    ],
    pace: 3,
    focus: 'race',
    series: 'epoch',
    steps: 1520,
  },
  {
    id: 'saddle',
    title: 'A saddle point',
    topic: 'Landscapes',
    caption: 'Starting almost exactly on the ridge, gradient descent (A) first slides towards the stationary point at (0, 0), where the gradient nearly vanishes and progress stalls. The tiny sideways offset grows on every step until the run escapes downhill; Adam (B) rescales the small gradient and escapes much sooner.',
    spec: { seed: 42, data: fn('saddle', [1.5, 0.01]), optimizer: { kind: 'sgd', lr: 0.05 }, schedule: { kind: 'constant' }, training: { steps: 60 } },
    runs: [{ 'optimizer.kind': 'adam', 'optimizer.lr': 0.05 }],
    claims: [
      { kind: 'reaches', run: 'B', below: -2, withinStepsOf: { run: 'A', factor: 0.75 } },
    ],
    exercise: {
      question: 'Which run escapes the saddle first (f below -2)?',
      choices: [{ text: 'A, gradient descent', run: 'A' }, { text: 'B, Adam', run: 'B' }],
      answer: { kind: 'reaches', below: -2 },
      expect: 'B',
      why: 'Near the saddle the gradient is tiny; Adam divides it by its own running size, so its steps stay of the order of the learning rate.',
    },
    pace: 0.2,
    focus: 'landscape',
    steps: 60,
  },
  {
    id: 'local-minima',
    title: 'Several minima: Himmelblau\u2019s function',
    topic: 'Landscapes',
    caption: 'Himmelblau\u2019s function has four minima of equal depth, marked with crosses. From the same start, gradient descent (A) and Adam (C) end in one of them while momentum (B) carries on into another: drag the start point to see which basin each optimizer falls into.',
    spec: { seed: 42, data: fn('himmelblau', [0, 0]), optimizer: { kind: 'sgd', lr: 0.01 }, schedule: { kind: 'constant' }, training: { steps: 300 } },
    runs: [{ 'optimizer.kind': 'momentum', 'optimizer.lr': 0.01, 'optimizer.momentum': 0.9 }, { 'optimizer.kind': 'adam', 'optimizer.lr': 0.1 }],
    claims: [
      { kind: 'near', run: 'A', measure: 'end', value: [3, 2], within: 0.01 },
      { kind: 'near', run: 'C', measure: 'end', value: [3, 2], within: 0.01 },
      { kind: 'near', run: 'B', measure: 'end', value: [3.584428, -1.848126], within: 0.01 },
    ],
    pace: 1,
    focus: 'landscape',
    steps: 300,
  },
]);

/** The lesson with this id, or null. */
export function lesson(id) {
  return LESSONS.find((l) => l.id === id) ?? null;
}
