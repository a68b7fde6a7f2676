// Package adapters defines the small interfaces through which ownermap
// talks to Salesforce and Reply, the classification of their errors, the
// gathering of facts for validation, and a sync runner that drives one step
// end to end without losing a record.
package adapters
