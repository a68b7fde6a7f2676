// Package adapterstest helps test code built on package adapters, and
// adapters built for it, the way net/http/httptest and testing/fstest do.
// Its non-test files do not import testing.
//
// In-memory implementations, built from literals:
//   - Org (a SalesforceDirectory) and Team (a ReplyTeam) serve a
//     validate.Facts, with per-part errors;
//   - Store is a RecordSource and a BatchOwnerSink over one slice of
//     records, so writes are read back; Get, Snapshot and Writes inspect it;
//   - Generator streams N records made on demand, and Counter is a sink that
//     only counts: together they run steps of millions of records in
//     constant memory;
//   - Clock is a fake adapters.Clock whose Sleep returns at once and
//     records the wait.
//
// Fault wrappers: Inject (any schedule), FailEvery (every nth call),
// FailRecords (given records, permanently), RateLimit (refused with a
// retry-after), Slow (waits on a Clock), CancelAfter (cancels a context
// after n records) and BreakEvery (a source stream that drops).
//
// Conformance: CheckSalesforceDirectory, CheckReplyTeam, CheckRecordSource
// and CheckOwnerSink return every failure joined (nil when the
// implementation passes); RunSalesforceDirectoryConformance,
// RunReplyTeamConformance, RunRecordSourceConformance and
// RunOwnerSinkConformance run the same checks as named subtests of a
// *testing.T (or anything with its Helper, Errorf and Run methods). The
// checks: listings complete and stable across calls, streams complete,
// stable and resumable from any cursor, writes applied and idempotent,
// unknown records reported as not found, cancellation honoured and
// classified.
package adapterstest
