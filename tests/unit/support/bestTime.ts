/**
 * The fastest of several runs, in ms. On a busy machine one run can wait for the CPU; the fastest
 * run shows the work itself, and super-linear work is slow in every run.
 */
export function bestTime(run: () => void, times = 5): number {
  run(); // warm-up: compile the patterns
  let best = Infinity;
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    run();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}
