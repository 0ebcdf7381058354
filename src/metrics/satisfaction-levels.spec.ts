import { parseSatisfactionLevel } from '../cases/satisfaction';
import { isSatisfactionScore, SATISFACTION_SCORES } from './satisfaction-levels';

describe('satisfaction scores', () => {
  it('knows the v1 scores', () => {
    expect([100, 75, 50, 0].every(isSatisfactionScore)).toBe(true);
    expect(isSatisfactionScore(60)).toBe(false);
  });

  it('agree with the levels recorded on cases', () => {
    const scores = ['满意', '较满意', '一般', '不满意'].map(
      (l) => parseSatisfactionLevel(l)?.score,
    );
    expect(scores).toEqual([...SATISFACTION_SCORES]);
  });
});
