import { LeaseHeartbeat } from './lease-heartbeat';

describe('LeaseHeartbeat', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('renews on every beat until stopped', async () => {
    let renewals = 0;
    const heartbeat = new LeaseHeartbeat(
      () => {
        renewals += 1;
        return Promise.resolve(true);
      },
      100,
      () => undefined,
    );
    heartbeat.start();
    await jest.advanceTimersByTimeAsync(350);
    await heartbeat.stop();
    await jest.advanceTimersByTimeAsync(500);
    expect(renewals).toBe(3);
    expect(heartbeat.isLost).toBe(false);
  });

  it('marks the lease lost when a renewal finds it gone, and stops renewing', async () => {
    let renewals = 0;
    const heartbeat = new LeaseHeartbeat(
      () => Promise.resolve(++renewals < 2),
      100,
      () => undefined,
    );
    heartbeat.start();
    await jest.advanceTimersByTimeAsync(500);
    await heartbeat.stop();
    expect(heartbeat.isLost).toBe(true);
    expect(renewals).toBe(2);
  });

  it('reports a failed renewal and keeps beating', async () => {
    const errors: unknown[] = [];
    let renewals = 0;
    const heartbeat = new LeaseHeartbeat(
      () => (++renewals === 1 ? Promise.reject(new Error('db down')) : Promise.resolve(true)),
      100,
      (error) => errors.push(error),
    );
    heartbeat.start();
    await jest.advanceTimersByTimeAsync(250);
    await heartbeat.stop();
    expect(errors).toHaveLength(1);
    expect(renewals).toBe(2);
    expect(heartbeat.isLost).toBe(false);
  });
});
