/**
 * Reconciliation at volume on a simulated clock: registrations arrive evenly through the day,
 * the scheduled function runs every 15 minutes, and a stand-in for DirectLink answers as Ogone
 * would. The storage and the reconcile code are passed in, so the same simulation drives the
 * current scheduling and, for the README's "before" figures, the earlier one.
 */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export type Kind = 'abandoned' | 'paid' | 'lost';

export interface SimulationLoad {
  /** Registrations a day never paid: Ogone answers "unknown order" for them. */
  readonly abandonedPerDay: number;
  /** Paid, and the feedback arrived a few minutes after registration. */
  readonly paidPerDay: number;
  /** Paid at Ogone, the feedback lost: only reconciliation can settle them. */
  readonly lostPerDay: number;
  readonly days: number;
  readonly minAgeMs: number;
  readonly scheduleMs: number;
}

export interface SimulatedSystem {
  register(reference: string, nowMs: number): Promise<void>;
  feedback(reference: string, nowMs: number): Promise<void>;
  /** One scheduled run at `nowMs`; the stand-in DirectLink calls `asked` for every query. */
  run(nowMs: number): Promise<void>;
}

export interface SimulationReport {
  readonly load: SimulationLoad;
  readonly lost: number;
  readonly askedLost: number;
  /** Hours from a lost-feedback payment's minimum age to its first DirectLink query. */
  readonly maxFirstAskDelayH: number;
  readonly meanFirstAskDelayH: number;
  readonly queriesPerDay: readonly number[];
}

export interface Registration {
  readonly reference: string;
  readonly kind: Kind;
  readonly atMs: number;
}

/** Registrations of each kind spread evenly over every day, interleaved. */
export const registrations = (load: SimulationLoad, startMs: number): Registration[] => {
  const all: Registration[] = [];
  const kinds: [Kind, number][] = [
    ['abandoned', load.abandonedPerDay],
    ['paid', load.paidPerDay],
    ['lost', load.lostPerDay],
  ];
  for (const [kind, perDay] of kinds) {
    const total = Math.round(perDay * load.days);
    for (let i = 0; i < total; i++) {
      // Offset each kind a little so they do not all land on the same instant.
      const atMs = startMs + Math.floor(((i + 0.37) * DAY) / perDay);
      all.push({ reference: `SIM-${kind}-${i}`, kind, atMs });
    }
  }
  return all.sort((a, b) => a.atMs - b.atMs);
};

/** The feedback of a paid transaction arrives this long after its registration. */
export const FEEDBACK_DELAY_MS = 4 * MINUTE;

export const simulate = async (
  load: SimulationLoad,
  startMs: number,
  makeSystem: (asked: (reference: string, atMs: number) => void) => SimulatedSystem,
): Promise<SimulationReport> => {
  const queries = new Map<string, number[]>();
  const perDay = Array.from({ length: load.days }, () => 0);
  const system = makeSystem((reference, atMs) => {
    const day = Math.floor((atMs - startMs) / DAY);
    if (day >= 0 && day < perDay.length) perDay[day] = (perDay[day] ?? 0) + 1;
    const times = queries.get(reference) ?? [];
    times.push(atMs);
    queries.set(reference, times);
  });
  const pending = registrations(load, startMs);
  const feedbacks: Registration[] = [];
  const endMs = startMs + load.days * DAY;
  let next = 0;
  for (let runAt = startMs + load.scheduleMs; runAt <= endMs; runAt += load.scheduleMs) {
    for (; next < pending.length && (pending[next]?.atMs ?? endMs) < runAt; next++) {
      const registration = pending[next] as Registration;
      await system.register(registration.reference, registration.atMs);
      if (registration.kind === 'paid') feedbacks.push(registration);
    }
    while (feedbacks.length > 0 && (feedbacks[0]?.atMs ?? 0) + FEEDBACK_DELAY_MS < runAt) {
      const paid = feedbacks.shift() as Registration;
      await system.feedback(paid.reference, paid.atMs + FEEDBACK_DELAY_MS);
    }
    await system.run(runAt);
  }
  const lost = pending.filter((registration) => registration.kind === 'lost');
  // Only payments that reached their minimum age while the simulation still ran can be judged.
  const judged = lost.filter((registration) => registration.atMs + load.minAgeMs < endMs);
  const delays = judged.map((registration) => {
    const first = queries.get(registration.reference)?.[0];
    // Never asked: counted as the whole time it waited, so a starved payment cannot look fine.
    return ((first ?? endMs) - (registration.atMs + load.minAgeMs)) / HOUR;
  });
  return {
    load,
    lost: judged.length,
    askedLost: judged.filter((registration) => queries.has(registration.reference)).length,
    maxFirstAskDelayH: Math.max(0, ...delays),
    meanFirstAskDelayH: delays.reduce((sum, delay) => sum + delay, 0) / (delays.length || 1),
    queriesPerDay: perDay,
  };
};

export const describeReport = (label: string, report: SimulationReport): string => {
  const { load } = report;
  return [
    `${label}: ${load.abandonedPerDay} abandoned + ${load.paidPerDay} paid + ${load.lostPerDay} lost-feedback a day, ${load.days} days;`,
    `lost-feedback first asked after its minimum age: max ${report.maxFirstAskDelayH.toFixed(2)} h, mean ${report.meanFirstAskDelayH.toFixed(2)} h (${report.askedLost}/${report.lost} asked);`,
    `DirectLink queries per day: ${report.queriesPerDay.join(', ')}`,
  ].join(' ');
};
