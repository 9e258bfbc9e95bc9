/** Wall time of each named phase of a long job (an import), in the order the phases first ran. */
export class PhaseTimer {
  private readonly seconds = new Map<string, number>();

  async time<T>(phase: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.seconds.set(phase, (this.seconds.get(phase) ?? 0) + (performance.now() - started) / 1000);
    }
  }

  /** Seconds per phase, to the hundredth. */
  entries(): Record<string, number> {
    return Object.fromEntries([...this.seconds].map(([phase, s]) => [phase, Math.round(s * 100) / 100]));
  }
}

/** Runs the work untimed: for callers that do not report phases. */
export const UNTIMED: Pick<PhaseTimer, 'time'> = { time: (_phase, work) => work() };

const PHASE_LINE = 'Time by phase: ';

/** One line, e.g. `Time by phase: staging users 4.20 s, checks 0.80 s`, as the import command prints it. */
export function formatPhaseLine(phaseSeconds: Record<string, number>): string {
  return (
    PHASE_LINE +
    Object.entries(phaseSeconds)
      .map(([phase, s]) => `${phase} ${s.toFixed(2)} s`)
      .join(', ')
  );
}

/** The phases of the first such line in a command's output (`npm run bench` reads the import's). */
export function parsePhaseLine(output: string): Record<string, number> {
  const line = output.split('\n').find((l) => l.startsWith(PHASE_LINE));
  if (!line) return {};
  return Object.fromEntries(
    line
      .slice(PHASE_LINE.length)
      .split(', ')
      .map((part) => {
        const [, phase, s] = /^(.*) (\d+\.\d+) s$/.exec(part)!;
        return [phase, Number(s)];
      }),
  );
}
