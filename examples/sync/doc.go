// Command sync runs a whole sync of one step, Salesforce Contacts → Reply
// People, against the in-memory adapters of package adapterstest, with
// faults injected: some writes fail transiently and succeed when retried,
// some are refused as rate limited with a retry-after, and a few records
// fail for good. People to sequence enrolls the people of two Reply owners
// in a sequence once their owner is set (some enrollments fail transiently
// and are retried). It shows a live progress line and the final report,
// then runs again over the same data to show that a second run applies
// nothing (it enrolls again, which changes nothing).
//
// Waits (backoff, retry-after) go through a fake clock, so the program runs
// in an instant and prints how long a real run would have waited.
//
//	go run ./examples/sync
package main
