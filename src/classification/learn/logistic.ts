/**
 * Multinomial logistic regression with an L2 penalty, fitted by L-BFGS over
 * sparse feature vectors. Plain code, deterministic: the same data give the
 * same weights.
 */
export interface SparseData {
  /** Documents in CSR form: features of document d are index[start[d] .. start[d+1]). */
  start: Int32Array;
  index: Int32Array;
  value: Float64Array;
  label: Int32Array;
  features: number;
  classes: number;
}

export interface LogisticModel {
  /** Feature-major: weight of feature f for class c at f * classes + c. */
  weights: Float64Array;
  bias: Float64Array;
  features: number;
  classes: number;
}

export interface FitOptions {
  /** L2 penalty on the weights (not the biases), per document. */
  l2: number;
  maxIterations?: number;
  /** Stop when the objective improves by less than this, relatively. */
  tolerance?: number;
  /** Per feature, whether it may carry weight (absent: all may). */
  mask?: Uint8Array;
}

/** Class scores (logits) of one document. */
export function logits(model: LogisticModel, data: SparseData, d: number, out: Float64Array): void {
  const { weights, bias, classes } = model;
  for (let c = 0; c < classes; c++) {
    out[c] = bias[c];
  }
  for (let j = data.start[d]; j < data.start[d + 1]; j++) {
    const base = data.index[j] * classes;
    const v = data.value[j];
    for (let c = 0; c < classes; c++) {
      out[c] += v * weights[base + c];
    }
  }
}

export function softmaxInPlace(z: Float64Array): void {
  let max = -Infinity;
  for (let c = 0; c < z.length; c++) {
    if (z[c] > max) {
      max = z[c];
    }
  }
  let sum = 0;
  for (let c = 0; c < z.length; c++) {
    z[c] = Math.exp(z[c] - max);
    sum += z[c];
  }
  for (let c = 0; c < z.length; c++) {
    z[c] /= sum;
  }
}

/** Objective and gradient at parameters x (weights then biases). */
function evaluate(
  data: SparseData,
  x: Float64Array,
  gradient: Float64Array,
  l2: number,
  mask: Uint8Array | undefined,
): number {
  const { classes, features } = data;
  const docs = data.label.length;
  const biasAt = features * classes;
  gradient.fill(0);
  const p = new Float64Array(classes);
  let loss = 0;
  for (let d = 0; d < docs; d++) {
    for (let c = 0; c < classes; c++) {
      p[c] = x[biasAt + c];
    }
    for (let j = data.start[d]; j < data.start[d + 1]; j++) {
      const base = data.index[j] * classes;
      const v = data.value[j];
      for (let c = 0; c < classes; c++) {
        p[c] += v * x[base + c];
      }
    }
    let max = -Infinity;
    for (let c = 0; c < classes; c++) {
      max = Math.max(max, p[c]);
    }
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      sum += Math.exp(p[c] - max);
    }
    const y = data.label[d];
    loss += Math.log(sum) + max - p[y];
    for (let c = 0; c < classes; c++) {
      p[c] = Math.exp(p[c] - max) / sum;
    }
    p[y] -= 1;
    for (let j = data.start[d]; j < data.start[d + 1]; j++) {
      const base = data.index[j] * classes;
      const v = data.value[j];
      for (let c = 0; c < classes; c++) {
        gradient[base + c] += v * p[c];
      }
    }
    for (let c = 0; c < classes; c++) {
      gradient[biasAt + c] += p[c];
    }
  }
  let penalty = 0;
  for (let i = 0; i < gradient.length; i++) {
    gradient[i] /= docs;
  }
  for (let i = 0; i < biasAt; i++) {
    if (mask !== undefined && mask[(i / classes) | 0] === 0) {
      gradient[i] = 0;
      continue;
    }
    penalty += x[i] * x[i];
    gradient[i] += l2 * x[i];
  }
  return loss / docs + 0.5 * l2 * penalty;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    s += a[i] * b[i];
  }
  return s;
}

/** Fits the model by L-BFGS (ten correction pairs, backtracking line search). */
export function fitLogistic(data: SparseData, options: FitOptions): LogisticModel {
  const { features, classes } = data;
  const n = features * classes + classes;
  const maxIterations = options.maxIterations ?? 200;
  const tolerance = options.tolerance ?? 1e-6;
  const memory = 10;
  let x = new Float64Array(n);
  let g = new Float64Array(n);
  let f = evaluate(data, x, g, options.l2, options.mask);
  const s: Float64Array[] = [];
  const yv: Float64Array[] = [];
  const rho: number[] = [];
  const direction = new Float64Array(n);
  const alpha = new Float64Array(memory);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    // Two-loop recursion: direction = -H g.
    direction.set(g);
    for (let k = s.length - 1; k >= 0; k--) {
      alpha[k] = rho[k] * dot(s[k], direction);
      const yk = yv[k];
      for (let i = 0; i < n; i++) {
        direction[i] -= alpha[k] * yk[i];
      }
    }
    const scale =
      s.length > 0
        ? dot(s[s.length - 1], yv[yv.length - 1]) / dot(yv[yv.length - 1], yv[yv.length - 1])
        : 1 / Math.sqrt(dot(g, g) + 1e-12);
    for (let i = 0; i < n; i++) {
      direction[i] *= scale;
    }
    for (let k = 0; k < s.length; k++) {
      const beta = rho[k] * dot(yv[k], direction);
      const sk = s[k];
      for (let i = 0; i < n; i++) {
        direction[i] += sk[i] * (alpha[k] - beta);
      }
    }
    for (let i = 0; i < n; i++) {
      direction[i] = -direction[i];
    }
    let slope = dot(g, direction);
    if (slope >= 0) {
      // Not a descent direction: restart from steepest descent.
      s.length = 0;
      yv.length = 0;
      rho.length = 0;
      for (let i = 0; i < n; i++) {
        direction[i] = -g[i];
      }
      slope = -dot(g, g);
    }
    let step = 1;
    const xNext = new Float64Array(n);
    const gNext = new Float64Array(n);
    let fNext = Infinity;
    for (let tries = 0; tries < 30; tries++) {
      for (let i = 0; i < n; i++) {
        xNext[i] = x[i] + step * direction[i];
      }
      fNext = evaluate(data, xNext, gNext, options.l2, options.mask);
      if (fNext <= f + 1e-4 * step * slope) {
        break;
      }
      step /= 2;
    }
    if (!(fNext < f)) {
      break;
    }
    const sk = new Float64Array(n);
    const yk = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      sk[i] = xNext[i] - x[i];
      yk[i] = gNext[i] - g[i];
    }
    const sy = dot(sk, yk);
    if (sy > 1e-12) {
      s.push(sk);
      yv.push(yk);
      rho.push(1 / sy);
      if (s.length > memory) {
        s.shift();
        yv.shift();
        rho.shift();
      }
    }
    const improvement = (f - fNext) / Math.max(1, Math.abs(f));
    x = xNext;
    g = gNext;
    f = fNext;
    if (improvement < tolerance) {
      break;
    }
  }
  return {
    weights: x.slice(0, features * classes),
    bias: x.slice(features * classes),
    features,
    classes,
  };
}
