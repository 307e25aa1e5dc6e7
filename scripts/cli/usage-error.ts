/** A mistake in the command line (exit status 2), as opposed to a failure while running (1). */
export class UsageError extends Error {}
