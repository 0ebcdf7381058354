/**
 * A label a person reads in a list, a ranking or a public report (a
 * leader's name, title and unit, a snapshot's name): it shows something,
 * and hides nothing. "王\u200B建国" reads as 王建国 on every screen while
 * being another string; a name of spaces shows an empty row.
 */
import { Matches, ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * Controls, format characters (zero-width, direction marks), unassigned and
 * private-use code points, line separators, and whatever Unicode says a
 * renderer may ignore (Hangul fillers, variation selectors, the combining
 * grapheme joiner), with the blank Braille pattern, which draws nothing.
 */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Cn}\p{Co}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\u2800]/u;
/** A letter, digit, punctuation mark or symbol of any script (a text with one shows something). */
export const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;

/** What is wrong with `value` as a label, or null. An empty label passes where `allowEmpty`. */
export function labelProblem(value: string, allowEmpty = false): string | null {
  if (value === '' && allowEmpty) {
    return null;
  }
  const hidden = HIDDEN.exec(value);
  if (hidden !== null) {
    const code = hidden[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return `must not contain invisible or control characters (U+${code})`;
  }
  if (!VISIBLE.test(value)) {
    return allowEmpty
      ? 'must be empty or show a visible character'
      : 'must show a visible character';
  }
  return null;
}

/** class-validator: a string that labelProblem accepts (other types are left to @IsString). */
export function IsPlainLabel(allowEmpty = false, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPlainLabel',
      validator: {
        validate: (value: unknown) =>
          typeof value !== 'string' || labelProblem(value, allowEmpty) === null,
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} ${labelProblem(String(args?.value ?? ''), allowEmpty) ?? ''}`,
      },
    },
    options,
  );
}

/** class-validator: a free text (newlines allowed) that shows at least one visible character. */
export function ShowsText(options?: ValidationOptions): PropertyDecorator {
  return Matches(VISIBLE, {
    message: (args) => `${args.property} must show a visible character`,
    ...options,
  });
}
