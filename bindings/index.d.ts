// Types for the Descent JavaScript API (bindings/index.js), written by hand (Emscripten 3.1.6
// has no --emit-tsd). Keep in step with index.js and core/spec/spec.hpp.

export type ModelId = 'linear' | 'logistic' | 'softmax' | 'svm' | 'mlp';
export type LossId = 'mse' | 'mae' | 'huber' | 'smooth_l1' | 'logcosh' | 'bce' | 'bce_logits' | 'weighted_bce'
  | 'cce' | 'sparse_cce' | 'hinge' | 'squared_hinge' | 'multiclass_hinge';
export type OptimizerId = 'sgd' | 'momentum' | 'nesterov' | 'adagrad' | 'rmsprop' | 'adam' | 'adamw' | 'amsgrad'
  | 'adamax' | 'nadam' | 'adadelta';
export type ScheduleId = 'constant' | 'step' | 'exponential' | 'cosine' | 'linear_warmup' | 'one_cycle' | 'plateau';
export type GeneratorId = 'line' | 'polynomial' | 'sine' | 'plane' | 'blobs' | 'gaussians' | 'circles' | 'xor' | 'moons' | 'spiral';
export type FunctionId = 'rosenbrock' | 'beale' | 'himmelblau' | 'quadratic' | 'saddle' | 'booth' | 'rastrigin'
  | 'six_hump_camel' | 'ackley';
export type ActivationId = 'tanh' | 'relu' | 'leaky_relu' | 'elu' | 'sigmoid' | 'softplus' | 'linear';
export type InitId = 'xavier_uniform' | 'xavier_normal' | 'he_uniform' | 'he_normal' | 'torch_default' | 'zeros';
export type LineSearchId = 'armijo' | 'relaxation';
/** running: more steps remain; the others say why the run stopped. */
export type RunStatus = 'running' | 'done' | 'converged' | 'early_stopped' | 'diverged';
export type ResultStatus = Exclude<RunStatus, 'running'> | 'invalid';
export type Task = 'regression' | 'binary' | 'multiclass';

/** Hyperparameters of a registry component: { kind, ...params }. */
export interface Component<Id extends string> { kind: Id; [param: string]: number | boolean | string }

export interface Spec {
  seed?: number;
  data?:
    | { source?: 'synthetic'; generator?: GeneratorId; seed?: number; [param: string]: unknown }
    | { source: 'csv'; text?: string; path?: string; target?: string | number; features?: Array<string | number>; header?: 'auto' | 'yes' | 'no'; task?: 'auto' | 'regression' | 'classification'; seed?: number }
    | { source: 'inline'; x: number[] | number[][]; y: number[] | number[][]; task?: 'auto' | 'regression' | 'classification'; seed?: number }
    | { source: 'function'; function?: FunctionId; start?: [number, number]; [param: string]: unknown };
  preprocess?: { normalize?: 'zscore' | 'minmax' | 'none'; validation_split?: number };
  model?: { kind?: ModelId; hidden?: number[]; activation?: ActivationId; init?: InitId; params?: number[]; dropout?: number };
  loss?: Component<LossId> | LossId;
  optimizer?: Component<OptimizerId> | OptimizerId;
  schedule?: Component<ScheduleId> | ScheduleId;
  training?: {
    batch_size?: number; epochs?: number; steps?: number; shuffle?: boolean; l1?: number; l2?: number;
    clip_norm?: number; clip_value?: number;
    early_stopping?: boolean | { patience?: number; min_delta?: number; restore_best?: boolean };
    tolerance?: { loss_delta?: number; grad_norm?: number };
    line_search?: null | boolean | Component<LineSearchId>;
    metrics?: 'epoch' | 'end' | 'none'; history_limit?: number;
  };
}

export interface SpecError { path: string; message: string }

export interface ParamInfo {
  name: string; label: string; type: 'number' | 'integer' | 'boolean' | 'choice';
  default: number | boolean | string; min?: number | null; max?: number | null;
  minExclusive?: boolean; maxExclusive?: boolean; uiMin?: number; uiMax?: number;
  step?: number; log?: boolean; choices?: string[]; required: boolean; range: string; help?: string;
}
export interface RegistryEntry { id: string; label: string; formula?: string; source?: string; params: ParamInfo[] }
export interface Registry {
  models: Array<RegistryEntry & { description: string; hiddenLayers: boolean; tasks: Task[] }>;
  losses: Array<RegistryEntry & { input: 'value' | 'probability' | 'logit' | 'score'; target: string;
    fits: Array<{ task: Task; fit: 'recommended' | 'allowed' | 'invalid'; models: ModelId[]; note?: string }> }>;
  optimizers: RegistryEntry[];
  schedules: RegistryEntry[];
  generators: Array<RegistryEntry & { description: string; task: 'regression' | 'classification' }>;
  functions: Array<RegistryEntry & { view: [number, number, number, number]; start: [number, number]; minima: Array<[number, number]> }>;
  lineSearches: RegistryEntry[];
  activations: Array<{ id: ActivationId; label: string; formula: string }>;
  inits: Array<{ id: InitId; label: string; formula: string }>;
}

export interface Result {
  status: ResultStatus; message: string; steps: number; epochs: number; samples_seen: number;
  errors?: SpecError[];
  task?: Task; classes?: number; loss?: LossId; output?: 'value' | 'probability' | 'logit' | 'score';
  rows?: { train: number; validation: number }; batch_size?: number; function?: FunctionId; notes: string[];
  history: {
    stride: number; loss: number[]; grad_norm: number[]; update_norm: number[]; lr: number[];
    step_size?: number[]; trials?: number[]; penalty?: number[];
    epoch_train_loss?: number[]; epoch_val_loss?: number[]; epoch_lr?: number[]; epoch_step?: number[];
    epoch_train_accuracy?: number[]; epoch_val_accuracy?: number[]; epoch_train_r2?: number[]; epoch_val_r2?: number[];
  };
  params: number[];
  trajectory_stride?: number; trajectory?: Array<[number, number]>; values?: number[];
  metrics?: Record<string, unknown>;
}

export interface Progress { steps: number; totalSteps: number; epochs: number; samplesSeen: number; loss: number; status: RunStatus }
export type Floats = Float32Array | ArrayLike<number>;
export type CsvInput = string | Uint8Array | ArrayBuffer;

export class DescentError extends Error {
  errors: SpecError[];
}

export interface History {
  stride: number; start: number; length: number; epochStart: number;
  loss: Float32Array; gradNorm: Float32Array; lr: Float32Array; updateNorm: Float32Array;
  stepSize: Float32Array; trials: Int32Array; penalty: Float32Array;
  epochs: { trainLoss: number[]; valLoss: number[]; lr: number[]; trainMetric: number[]; valMetric: number[]; step: number[] };
}

export interface Landscape {
  axes: 'params' | 'random' | 'pca'; resolution: number; x: [number, number]; y: [number, number];
  rowBegin: number; rowEnd: number; values: Float32Array; path: Float32Array; note: string;
}

export interface Session {
  run(k?: number): RunStatus;
  runEpoch(): RunStatus;
  readonly status: RunStatus; readonly message: string; readonly steps: number; readonly epochs: number;
  readonly samplesSeen: number; readonly totalSteps: number; readonly stepsPerEpoch: number;
  readonly batchSize: number; readonly learningRate: number; readonly numParams: number; readonly disposed: boolean;
  history(since?: number, epochsSince?: number): History;
  params(): Float32Array;
  gradient(): Float32Array;
  gradientHere(): Float32Array;
  setParams(p: Floats): void;
  setLearningRate(lr: number): void;
  predict(x: Floats): Float32Array;
  grid(xRange: [number, number], yRange: [number, number], resolution?: number):
    { resolution: number; xRange: [number, number]; yRange: [number, number]; outputs: number; values: Float32Array };
  landscape(options?: { axes?: 'auto' | 'params' | 'random' | 'pca'; range?: number; resolution?: number;
    rows?: [number, number]; box?: [number, number, number, number] }): Landscape;
  lrFinder(options?: { minLr?: number; maxLr?: number; steps?: number }):
    { lrs: Float32Array; losses: Float32Array; smoothed: Float32Array; suggestion: number; stoppedEarly: boolean; message: string };
  metrics(): Record<string, unknown>;
  result(): Result;
  resultJSON(): string;
  problem(): Record<string, unknown>;
  explain(i?: number): Record<string, number>;
  velocity(): Float32Array;
  trajectory(since?: number): { stride: number; start: number; points: Float32Array; values: Float64Array };
  lastTrials(): Array<{ a: number; f: number }>;
  data(): { trainX: Float32Array; trainY: Float32Array; validationX: Float32Array; validationY: Float32Array };
  normalizedData(): { trainX: Float32Array; validationX: Float32Array };
  batchOrder(epochs: number): Uint32Array;
  reset(seed?: number): Session;
  dispose(): void;
}

export interface Descent {
  readonly version: string;
  readonly arch: string;
  readonly openSessions: number;
  readonly heapBytes: number;
  kernelProbe(): string;
  registry(): Registry;
  validate(spec: Spec | string, options?: { csv?: CsvInput }): { ok: boolean; errors: SpecError[]; spec?: Spec };
  run(spec: Spec | string, options?: { csv?: CsvInput; onProgress?: (p: Progress) => void; chunk?: number }): Result;
  runJSON(spec: Spec | string, options?: { csv?: CsvInput; onProgress?: (p: Progress) => void; chunk?: number }): string;
  evaluateLoss(lossSpec: Component<LossId> | LossId | ({ kind: LossId; classes?: number }), pred: Floats, target: Floats):
    { value: number; grad: Float32Array };
  session(spec: Spec | string, options?: { csv?: CsvInput }): Session;
  csvPreview(csv: CsvInput, options?: { header?: 'auto' | 'yes' | 'no'; rows?: number }):
    { ok: true; hasHeader: boolean; columns: Array<{ name: string; numeric: boolean; distinct: number }>; rows: string[][]; totalRows: number }
    | { ok: false; error: string };
}

export function loadDescent(options?: { wasmBinary?: ArrayBuffer | Uint8Array; wasmUrl?: string | URL }): Promise<Descent>;
