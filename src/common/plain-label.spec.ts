import { labelProblem } from './plain-label';

describe('labelProblem', () => {
  it('accepts names in any script, with punctuation and digits', () => {
    for (const name of ['王建国', '长沙市公安局（交警支队）', 'Zhang Wei', '第3派出所', 'A·B']) {
      expect(labelProblem(name)).toBeNull();
    }
  });

  it('refuses a label of spaces, or of nothing where one is required', () => {
    expect(labelProblem('   ')).toBe('must show a visible character');
    expect(labelProblem('\u3000')).toBe('must show a visible character');
    expect(labelProblem('')).toBe('must show a visible character');
    expect(labelProblem('', true)).toBeNull();
    expect(labelProblem('  ', true)).toBe('must be empty or show a visible character');
  });

  it('names the invisible character a look-alike hides', () => {
    expect(labelProblem('王\u200B建国')).toBe(
      'must not contain invisible or control characters (U+200B)',
    );
    expect(labelProblem('王建国\u200F')).toContain('U+200F');
    expect(labelProblem('\u061C王建国')).toContain('U+061C');
    expect(labelProblem('王建国\uFEFF')).toContain('U+FEFF');
    expect(labelProblem('王\u2028建国')).toContain('U+2028');
    expect(labelProblem('王建国\uFFFE')).toContain('U+FFFE');
    expect(labelProblem('王建国\t')).toContain('U+0009');
    expect(labelProblem('\u3164\u3164')).toContain('U+3164');
    expect(labelProblem('\uFFA0')).toContain('U+FFA0');
    expect(labelProblem('\u2800')).toContain('U+2800');
    expect(labelProblem('王\u034F建国')).toContain('U+034F');
    expect(labelProblem('王建国\uFE0F')).toContain('U+FE0F');
    expect(labelProblem('王\uE000建国')).toContain('U+E000');
  });
});
