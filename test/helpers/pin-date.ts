/**
 * Pins the test process's clock to TEST_NOW (default DEFAULT_TEST_NOW), never today's: `new Date()`
 * and `Date.now()` start there and run at the machine's pace, so the app, its jobs, the sandbox and
 * the test's own expectations agree on one date whatever day the suite runs. Loaded by vitest
 * (setupFiles) and by the app processes tests spawn (spawn-app.ts). CI runs the date-sensitive files
 * again under other TEST_NOW dates and other wall-clock dates (scripts/ci-dates.sh).
 */
import { DEFAULT_TEST_NOW } from './clock';

const REAL = Symbol.for('gps.test.realDate');
type Global = typeof globalThis & { [REAL]?: DateConstructor };
const g = globalThis as Global;

if (!g[REAL]) {
  const RealDate = Date;
  const target = process.env.TEST_NOW || DEFAULT_TEST_NOW;
  const at = RealDate.parse(target);
  if (!Number.isFinite(at)) throw new Error(`TEST_NOW is not a time: ${target}`);
  const offset = at - RealDate.now();
  const now = () => RealDate.now() + offset;
  g[REAL] = RealDate;
  g.Date = new Proxy(RealDate, {
    construct: (target, args, newTarget) =>
      Reflect.construct(target, args.length ? args : [now()], newTarget),
    apply: () => new RealDate(now()).toString(),
    get: (target, prop, receiver) => (prop === 'now' ? now : Reflect.get(target, prop, receiver)),
  });
}
