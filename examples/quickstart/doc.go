// Command quickstart builds an integration from Reply's default steps, sets
// owner pairs in both directions, resolves sample records of each direction
// and prints a table: record, owner in, owner out, outcome, and why.
//
// Then it validates the integration against facts about the org and the
// team, as an embedder would gather them, and prints the diagnostics.
//
// It needs no flags, no setup and no network:
//
//	go run ./examples/quickstart
package main
