import { ParseUUIDPipe } from '@nestjs/common';
import { InvalidInput } from './domain-error';

/** A path id that is not a UUID is a 400 that names the parameter. */
export function uuidParam(name = 'id'): ParseUUIDPipe {
  return new ParseUUIDPipe({ exceptionFactory: () => new InvalidInput(name, 'must be a UUID') });
}
