import { InitialSchema1764460800000 } from './1764460800000-initial-schema';

/** Every migration, in order. Committed migrations are never rewritten. */
export const MIGRATIONS = [InitialSchema1764460800000];
