/** Per-class precision/recall/F1 and a confusion matrix, printed as plain text. */
export interface ClassScores {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface Report {
  perClass: ClassScores[];
  /** Mean F1 over `scoredLabels` (the labels that occur in the gold data). */
  macroF1: number;
  accuracy: number;
  confusion: Map<string, Map<string, number>>;
  labels: string[];
}

export function evaluate(
  gold: readonly string[],
  predicted: readonly string[],
  labelOrder: readonly string[],
): Report {
  const present = new Set([...gold, ...predicted]);
  const labels = labelOrder.filter((l) => present.has(l));
  const goldLabels = new Set(gold);
  const confusion = new Map(labels.map((g) => [g, new Map(labels.map((p) => [p, 0]))]));
  let correct = 0;
  gold.forEach((g, i) => {
    const row = confusion.get(g) as Map<string, number>;
    row.set(predicted[i], (row.get(predicted[i]) ?? 0) + 1);
    if (g === predicted[i]) {
      correct++;
    }
  });
  const perClass = labels.map((label): ClassScores => {
    const tp = confusion.get(label)?.get(label) ?? 0;
    const support = gold.filter((g) => g === label).length;
    const predictedCount = predicted.filter((p) => p === label).length;
    const precision = predictedCount === 0 ? 0 : tp / predictedCount;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { label, precision, recall, f1, support };
  });
  const scored = perClass.filter((c) => goldLabels.has(c.label));
  const macroF1 = scored.reduce((s, c) => s + c.f1, 0) / Math.max(1, scored.length);
  return { perClass, macroF1, accuracy: correct / Math.max(1, gold.length), confusion, labels };
}

const pct = (n: number): string => n.toFixed(3);

export function formatReport(title: string, report: Report): string {
  const lines = [`\n== ${title} ==`];
  lines.push(
    `${'class'.padEnd(16)}${'precision'.padStart(10)}${'recall'.padStart(10)}${'f1'.padStart(10)}${'support'.padStart(9)}`,
  );
  for (const c of report.perClass) {
    lines.push(
      `${c.label.padEnd(16)}${pct(c.precision).padStart(10)}${pct(c.recall).padStart(10)}${pct(c.f1).padStart(10)}${String(c.support).padStart(9)}`,
    );
  }
  lines.push(`macro-F1 (gold classes) ${pct(report.macroF1)}   accuracy ${pct(report.accuracy)}`);
  lines.push('confusion matrix (rows: gold, columns: predicted)');
  const short = report.labels.map((l) => l.slice(0, 6));
  lines.push(`${''.padEnd(16)}${short.map((s) => s.padStart(7)).join('')}`);
  for (const g of report.labels) {
    const row = report.confusion.get(g) as Map<string, number>;
    if ([...row.values()].every((v) => v === 0)) {
      continue;
    }
    lines.push(
      `${g.padEnd(16)}${report.labels.map((p) => String(row.get(p) ?? 0).padStart(7)).join('')}`,
    );
  }
  return lines.join('\n');
}
