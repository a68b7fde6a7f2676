package salesforce_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"

	"github.com/ownermap/ownermap/adapters"
)

// TestRecordsPropertyResumeYieldsExactlyTheTail: for any org size and
// batch size, the stream has every record once, in Id order, and resuming
// after any record's cursor yields exactly the records after it.
func TestRecordsPropertyResumeYieldsExactlyTheTail(t *testing.T) {
	o := newFakeOrg(t)
	c := newClient(t, o)
	rapid.Check(t, func(rt *rapid.T) {
		n := rapid.IntRange(0, 25).Draw(rt, "records")
		o.pageSize = rapid.IntRange(1, 6).Draw(rt, "batch")
		owners := []string{ana, ben, queue}
		var rows []map[string]any
		var want []adapters.SourceRecord
		for i := range n {
			recID := id(fmt.Sprintf("00Q0000000%05d", i*7+1)).String()
			owner := owners[rapid.IntRange(0, 2).Draw(rt, "owner")]
			rows = append(rows, map[string]any{"Id": recID, "OwnerId": owner})
			want = append(want, rec(recID, owner))
		}
		o.setRecords("Lead", rows...)
		got, err := collect(t, c, leadStep(), "")
		if err != nil {
			rt.Fatalf("full stream: %v", err)
		}
		if diff := cmp.Diff(want, got, ids, cmpopts.EquateEmpty()); diff != "" {
			rt.Fatalf("full stream (-want +got):\n%s", diff)
		}
		if n == 0 {
			return
		}
		k := rapid.IntRange(0, n-1).Draw(rt, "resume after")
		tail, err := collect(t, c, leadStep(), got[k].Cursor)
		if err != nil {
			rt.Fatalf("resumed: %v", err)
		}
		if diff := cmp.Diff(want[k+1:], tail, ids, cmpopts.EquateEmpty()); diff != "" {
			rt.Fatalf("resumed after %d (-want +got):\n%s", k, diff)
		}
	})
}
