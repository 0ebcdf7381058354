/** The message taxonomy of SPEC section 3 is defined once, by classification; cases, policies and metrics use it. */
import { CATEGORIES, type Category, KINDS, type Kind } from '../classification/taxonomy';

export {
  ACTIONABLE_KINDS,
  CATEGORIES,
  type Category,
  isActionable,
  KINDS,
  type Kind,
} from '../classification/taxonomy';

/** For validating input of unknown shape (policies, query strings). */
export function isKind(value: unknown): value is Kind {
  return typeof value === 'string' && (KINDS as readonly string[]).includes(value);
}

export function isCategory(value: unknown): value is Category {
  return typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value);
}
