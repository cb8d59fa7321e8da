/** Why a log request was refused; the API maps each to the contract's status. */
export class LogRequestInvalid extends Error {
  override readonly name = 'LogRequestInvalid';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Unknown stream or revision (404). */
export class LogEventNotFound extends Error {
  override readonly name = 'LogEventNotFound';
}

/** The event exists but is not (yet) a leaf of a tree of the asked size (409 `not-yet-in-log`). */
export class NotYetInLog extends Error {
  override readonly name = 'NotYetInLog';
}
