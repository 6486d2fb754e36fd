/** `--name value` pairs from the command line, with numeric defaults. */
export function readArgs<T extends Record<string, number | string | boolean>>(defaults: T): T {
  const values: Record<string, number | string | boolean> = { ...defaults };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i]!.replace(/^--/, '');
    if (!(name in defaults))
      throw new Error(
        `Unknown option --${name}. Options: ${Object.keys(defaults)
          .map((k) => `--${k}`)
          .join(' ')}`,
      );
    if (typeof defaults[name] === 'boolean') {
      values[name] = true;
      continue;
    }
    const raw = argv[++i];
    if (raw === undefined) throw new Error(`--${name} needs a value`);
    values[name] = typeof defaults[name] === 'number' ? Number(raw.replace(/_/g, '')) : raw;
  }
  return values as T;
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function formatRow(cells: (string | number)[], widths: number[]): string {
  return cells.map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]!) : String(cell).padStart(widths[i]!))).join('  ');
}
