// Command ownermap checks, resolves, plans and edits ownership mappings of a
// Salesforce ↔ Reply integration stored as JSON files.
//
// Usage:
//
//	ownermap check CONFIG [-facts FACTS] [-format text|json]
//	ownermap resolve CONFIG [-step KEY] < records.jsonl
//	ownermap plan CONFIG [-step KEY] [-format text|json] < records.jsonl
//	ownermap suggest -facts FACTS [-direction DIR] [-config CONFIG -step KEY]
//	ownermap apply-all CONFIG -from KEY
//
// Run "ownermap COMMAND -h" for what each command does, with an example.
//
// Exit status: 0 on success; 1 when the command found problems (error
// diagnostics, conflicts, bad record lines); 2 when an input cannot be read
// or used at all (missing file, malformed facts, bad flags).
package main
