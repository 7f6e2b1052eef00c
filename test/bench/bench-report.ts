import type { HttpSummary } from './bench-http.ts';
import type { TimingSummary } from './bench-stats.ts';

export interface TimingRow extends TimingSummary {
  label: string;
}

export interface TargetResult {
  id: string;
  description: string;
  measured: number;
  unit: '×' | 'ms';
  comparator: '≥' | '≤';
  target: number;
  pass: boolean;
  /** How the measured value was obtained (e.g. the two throughputs of a ratio). */
  detail: string;
}

export interface SuiteReport {
  suite: string;
  startedAt: string;
  durationSeconds: number;
  environment: Record<string, string | number>;
  parameters: Record<string, string | number | boolean>;
  http: HttpSummary[];
  timings: TimingRow[];
  targets: TargetResult[];
}

export function target(
  id: string, description: string, measured: number, comparator: TargetResult['comparator'], limit: number,
  unit: TargetResult['unit'], detail: string, valid = true,
): TargetResult {
  const met = comparator === '≥' ? measured >= limit : measured <= limit;
  return { id, description, measured, unit, comparator, target: limit, pass: valid && met, detail };
}

const fmt = (n: number, digits = 2) => (Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '—');
const value = (n: number, unit: TargetResult['unit']) => (unit === '×' ? `${fmt(n)}×` : `${fmt(n, 3)} ms`);

function table(headers: string[], rows: string[][], rightAligned: boolean[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (rightAligned[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function formatReport(report: SuiteReport): string {
  const out: string[] = [];
  out.push(`== Mandate benchmark: ${report.suite} (${report.startedAt}, ${fmt(report.durationSeconds, 0)} s) ==`);
  out.push(Object.entries(report.environment).map(([k, v]) => `${k}: ${v}`).join(' | '));
  out.push(Object.entries(report.parameters).map(([k, v]) => `${k}=${v}`).join(' '));
  if (report.http.length > 0) {
    out.push('', 'HTTP (load generator in the parent, each server in its own child process; latency in ms)');
    out.push(table(
      ['run', 'client', 'conn', 'rate', 'rounds×s', 'req/s (mean)', 'p50', 'p97.5', 'p99', 'max', 'requests', 'non-2xx/err/drop'],
      report.http.map((h) => [
        h.label, h.tool, String(h.connections), h.overallRate ? `${h.overallRate}/s` : 'max',
        `${h.rounds}×${h.secondsPerRound}`, fmt(h.reqPerSec, 0), fmt(h.latency.p50, 1), fmt(h.latency.p97_5, 1), fmt(h.latency.p99, 1),
        fmt(h.latency.max, 1), fmt(h.requests, 0), `${h.non2xx}/${h.errors + h.timeouts}/${h.dropped}`,
      ]),
      [false, false, true, true, true, true, true, true, true, true, true, true],
    ));
    out.push(...report.http.map((h) => `  ${h.label}: ${h.path}`).filter((line, i, all) => all.indexOf(line) === i));
  }
  if (report.timings.length > 0) {
    out.push('', 'In process (ms)');
    out.push(table(
      ['measure', 'n', 'mean', 'p50', 'p97.5', 'p99', 'max'],
      report.timings.map((t) => [t.label, String(t.iterations), fmt(t.mean, 3), fmt(t.p50, 3), fmt(t.p97_5, 3), fmt(t.p99, 3), fmt(t.max, 3)]),
      [false, true, true, true, true, true, true],
    ));
  }
  out.push('', 'Targets');
  out.push(table(
    ['target', 'measured', 'goal', 'result', 'detail'],
    report.targets.map((t) => [t.id, value(t.measured, t.unit), `${t.comparator} ${value(t.target, t.unit)}`, t.pass ? 'PASS' : 'FAIL', t.detail]),
    [false, true, true, false, false],
  ));
  out.push('');
  for (const t of report.targets) {
    out.push(`${t.pass ? 'PASS' : 'FAIL'} ${report.suite}/${t.id}: ${t.description}: ${value(t.measured, t.unit)} (target ${t.comparator} ${value(t.target, t.unit)})`);
  }
  return `${out.join('\n')}\n`;
}
