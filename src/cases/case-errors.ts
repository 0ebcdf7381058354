import { DomainError } from '../common/domain-error';

/**
 * Domain errors of the cases capability. Each carries a stable `code` that the
 * API's exception filter maps to an HTTP status; none knows anything of HTTP.
 */

/** A calendar year (shipped or sent by an admin) that is not usable. */
export class CalendarInvalid extends DomainError {
  constructor(
    /** Where in the input the problem is, e.g. `holidays[3].date`. */
    readonly path: string,
    problem: string,
  ) {
    super('invalid', 'CALENDAR_INVALID', `${path}: ${problem}`, { path });
    this.name = 'CalendarInvalid';
  }
}

/** An SLA policy list that is not usable. */
export class SlaPolicyInvalid extends DomainError {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super('invalid', 'SLA_POLICY_INVALID', `${path}: ${problem}`, { path });
    this.name = 'SlaPolicyInvalid';
  }
}

/** A follow-up that the case's current status does not allow. */
export class InvalidTransition extends DomainError {
  constructor(
    readonly from: string,
    readonly to: string,
    reason?: string,
  ) {
    super(
      'conflict',
      'INVALID_TRANSITION',
      `cannot go from ${from} to ${to}${reason === undefined ? '' : `: ${reason}`}`,
      { from, to },
    );
    this.name = 'InvalidTransition';
  }
}

/** No case with this id. */
export class CaseNotFound extends DomainError {
  constructor(readonly caseId: string) {
    super('not_found', 'CASE_NOT_FOUND', `case ${caseId} not found`, { id: caseId });
    this.name = 'CaseNotFound';
  }
}
