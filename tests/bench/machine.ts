import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

/** CPU time the hypervisor gave to other guests so far (Linux's "steal"), in seconds; null elsewhere. */
function stolenSeconds(): number | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/);
    return fields[8] === undefined ? null : Number(fields[8]) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/**
 * Starts watching what a benchmark cannot control: on a shared virtual machine the same work
 * takes visibly longer while the host runs other guests. The line it returns says how much
 * CPU time was taken away during the run, so figures from a noisy minute read as such.
 */
export function watchMachine(): () => string {
  const stolenAtStart = stolenSeconds();
  const startedAt = performance.now();
  return () => {
    const stolen = stolenSeconds();
    const seconds = (performance.now() - startedAt) / 1000;
    if (stolen === null || stolenAtStart === null) return `${seconds.toFixed(1)} s (hypervisor steal not available here)`;
    return `${seconds.toFixed(1)} s, of which the hypervisor stole ${(stolen - stolenAtStart).toFixed(1)} s of CPU time (both cores together)`;
  };
}
