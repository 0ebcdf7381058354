import { backoffDelay, HostGate } from './host-gate';

/** A clock that only moves when someone sleeps. */
function fakeClock(): {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  sleeps: number[];
} {
  let time = 1_000_000;
  const sleeps: number[] = [];
  return {
    now: () => time,
    sleep: (ms) => {
      sleeps.push(ms);
      time += ms;
      return Promise.resolve();
    },
    sleeps,
  };
}

describe('backoffDelay', () => {
  it('doubles per attempt, caps, and jitters between half and all of the step', () => {
    expect(backoffDelay(1, 100, 10_000, () => 1)).toBe(100);
    expect(backoffDelay(3, 100, 10_000, () => 1)).toBe(400);
    expect(backoffDelay(3, 100, 10_000, () => 0)).toBe(200);
    expect(backoffDelay(30, 100, 10_000, () => 1)).toBe(10_000);
    expect(backoffDelay(30, 100, 10_000, () => 0)).toBe(5_000);
  });
});

describe('HostGate', () => {
  it('runs one task at a time, in order, minIntervalMs after the previous one ended', async () => {
    const clock = fakeClock();
    const gate = new HostGate('m.weibo.cn', 1000, clock.now, clock.sleep);
    const events: string[] = [];
    let running = 0;
    const task = (name: string) => async (): Promise<string> => {
      running++;
      expect(running).toBe(1);
      events.push(`${name}@${clock.now()}`);
      await clock.sleep(250); // the request itself
      running--;
      return name;
    };
    const results = await Promise.all([
      gate.run(task('a')),
      gate.run(task('b')),
      gate.run(task('c')),
    ]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(events).toEqual(['a@1000000', 'b@1001250', 'c@1002500']);
  });

  it('holds every task until a rate-limit pause is over and reports it', async () => {
    const clock = fakeClock();
    const gate = new HostGate('m.weibo.cn', 10, clock.now, clock.sleep);
    await gate.run(() => Promise.resolve());
    const until = gate.pauseAfterRateLimit(5_000);
    expect(gate.state()).toMatchObject({
      pausedUntil: until,
      consecutiveRateLimits: 1,
      pending: 0,
    });
    let startedAt = 0;
    await gate.run(() => {
      startedAt = clock.now();
      return Promise.resolve();
    });
    expect(startedAt).toBe(until.getTime());
    expect(gate.state().pausedUntil).toBeNull();
    gate.clearRateLimits();
    expect(gate.state().consecutiveRateLimits).toBe(0);
  });

  it('never shortens a longer pause', () => {
    const clock = fakeClock();
    const gate = new HostGate('h', 0, clock.now, clock.sleep);
    const long = gate.pauseAfterRateLimit(10_000);
    expect(gate.pauseAfterRateLimit(1_000)).toEqual(long);
    expect(gate.consecutiveRateLimits).toBe(2);
  });

  it('releases the turn when a task fails', async () => {
    const clock = fakeClock();
    const gate = new HostGate('h', 0, clock.now, clock.sleep);
    await expect(gate.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.run(() => Promise.resolve(1))).resolves.toBe(1);
  });

  it('does not spin when the injected sleep does not move the clock', async () => {
    const gate = new HostGate(
      'h',
      1000,
      () => 5,
      () => Promise.resolve(),
    );
    await gate.run(() => Promise.resolve());
    await expect(gate.run(() => Promise.resolve('done'))).resolves.toBe('done');
  });
});
