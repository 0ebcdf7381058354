import { Writable } from 'node:stream';
import pino from 'pino';
import { currentLogContext, withLogContext } from './log-context';

function capture(): { logger: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ mixin: currentLogContext }, stream), lines };
}

describe('log context', () => {
  it('adds the fields of the surrounding work to every line, also after awaits', async () => {
    const { logger, lines } = capture();
    await withLogContext({ leaderId: 'L1', feed: '123' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      logger.info({ event: 'weibo.retry' }, 'retry');
      await withLogContext({ postId: 'P9' }, () => Promise.resolve(logger.info('nested')));
    });
    logger.info('outside');
    expect(lines[0]).toMatchObject({ event: 'weibo.retry', leaderId: 'L1', feed: '123' });
    expect(lines[1]).toMatchObject({ leaderId: 'L1', feed: '123', postId: 'P9' });
    expect(lines[2]).not.toHaveProperty('leaderId');
  });

  it('keeps concurrent work apart', async () => {
    const { logger, lines } = capture();
    await Promise.all(
      ['A', 'B'].map((leaderId) =>
        withLogContext({ leaderId }, async () => {
          await new Promise((resolve) => setTimeout(resolve, leaderId === 'A' ? 5 : 1));
          logger.info({ who: leaderId }, 'line');
        }),
      ),
    );
    for (const line of lines) {
      expect(line.leaderId).toBe(line.who);
    }
  });
});
