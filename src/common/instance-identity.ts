import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * This instance's one name, on every lease it holds (feeds and
 * re-classification jobs alike) and in its logs: the host, the process and a
 * random suffix, so that two instances never share it, not even two
 * applications in one process.
 */
export class InstanceIdentity {
  constructor(readonly id: string = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`) {}
}
