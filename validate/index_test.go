package validate

import (
	"fmt"
	"testing"

	"pgregory.net/rapid"

	"github.com/ownermap/ownermap/ownership"
)

// The facts index must answer exactly as a Go map from ID to its first
// position would, for present and absent keys, whatever the duplicates.
func TestIndex_AgreesWithAMapOfFirstPositions(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ids := rapid.SliceOf(rapid.IntRange(0, 300)).Draw(t, "users")
		members := rapid.SliceOf(rapid.Int64Range(-5, 300)).Draw(t, "members")
		sf := func(n int) ownership.SalesforceID {
			return ownership.MustParseSalesforceID(fmt.Sprintf("005aZ%010d", n))
		}
		var f Facts
		wantUsers := map[ownership.SalesforceID]int32{}
		for i, n := range ids {
			f.SalesforceUsers = append(f.SalesforceUsers, ownership.SalesforceUser{ID: sf(n), Active: n%2 == 0})
			if _, ok := wantUsers[sf(n)]; !ok {
				wantUsers[sf(n)] = int32(i)
			}
		}
		wantMembers := map[ownership.ReplyUserID]int32{}
		for i, n := range members {
			id := ownership.ReplyUserID(n)
			f.ReplyMembers = append(f.ReplyMembers, ownership.ReplyMember{ID: id})
			if _, ok := wantMembers[id]; !ok {
				wantMembers[id] = int32(i)
			}
		}
		ix := newIndex(f)
		for n := -1; n <= 301; n++ {
			want, ok := wantUsers[sf(max(n, 0))]
			if !ok {
				want = -1
			}
			if got := ix.owners.get(ix.ownerHash(sf(max(n, 0))), sf(max(n, 0))); got != want {
				t.Fatalf("user %d: got %d, want %d", n, got, want)
			}
			if got, want := ix.userActiveOf(want), want >= 0 && f.SalesforceUsers[want].Active; got != want {
				t.Fatalf("user %d: active %v, want %v", n, got, want)
			}
			id := ownership.ReplyUserID(n)
			wantM, ok := wantMembers[id]
			if !ok {
				wantM = -1
			}
			if got := ix.members.get(memberHash(id), id); got != wantM {
				t.Fatalf("member %d: got %d, want %d", n, got, wantM)
			}
		}
	})
}

func (ix *index) userActiveOf(k int32) bool { return k >= 0 && ix.userActive[k] }

// A queue ID listed among the users, or a user ID among the queues, is not
// found as the other kind.
func TestLookupSalesforce_RespectsTheKindOfTheID(t *testing.T) {
	user := ownership.MustParseSalesforceID("00558000001N0Ke")
	queue := ownership.MustParseSalesforceID("00G58000000abCd")
	v := validator{facts: Facts{
		SalesforceUsers: []ownership.SalesforceUser{{ID: queue}},
		Queues:          []ownership.Queue{{ID: user}},
	}}
	v.ix = newIndex(v.facts)
	if got := v.lookupSalesforce(user); got != -1 {
		t.Errorf("user ID listed as a queue: got %d, want -1", got)
	}
	if got := v.lookupSalesforce(queue); got != -1 {
		t.Errorf("queue ID listed as a user: got %d, want -1", got)
	}
}
