import { isSatisfactionScore, satisfactionScoreFor } from './satisfaction-levels';

describe('satisfactionScoreFor', () => {
  it.each([
    ['满意', 100],
    ['滿意', 100],
    ['较满意', 75],
    ['較滿意', 75],
    ['一般', 50],
    ['不满意', 0],
    ['不滿意', 0],
    [' 满意 ', 100],
    ['neutral', 50],
  ])('%s → %d', (level, score) => {
    expect(satisfactionScoreFor(level)).toBe(score);
  });

  it('is null for anything else', () => {
    expect(satisfactionScoreFor('非常满意')).toBeNull();
    expect(satisfactionScoreFor('')).toBeNull();
  });

  it('knows the v1 scores', () => {
    expect([100, 75, 50, 0].every(isSatisfactionScore)).toBe(true);
    expect(isSatisfactionScore(60)).toBe(false);
  });
});
