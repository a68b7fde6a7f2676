package reply_test

import (
	"context"
	"fmt"
	"net/http"

	"github.com/ownermap/ownermap/adapters"
	"github.com/ownermap/ownermap/adapters/reply"
	"github.com/ownermap/ownermap/ownership"
)

// A 429 carries the Retry-After the runner waits; a problem code decides
// the kind.
func ExampleClassifyError() {
	err := reply.ClassifyError(429, http.Header{"Retry-After": {"30"}}, []byte(`{"status":429,"title":"Too Many Requests"}`))
	fmt.Println(adapters.KindOf(err), adapters.RetryAfter(err))

	err = reply.ClassifyError(404, nil, []byte(`{"status":404,"code":"sequence.notFound","detail":"Sequence 7 not found"}`))
	fmt.Println(adapters.KindOf(err), adapters.CodeOf(err))
	// Output:
	// rate_limited 30s
	// not_found sequence.notFound
}

// The auth header is the embedder's choice, since Reply's v3 header is
// unverified.
func ExampleNew() {
	c, err := reply.New(http.DefaultClient, &reply.Options{
		Header: http.Header{"Authorization": {"Bearer " + "YOUR-API-KEY"}},
		// Salesforce → Reply steps carry Salesforce IDs; map them to contacts.
		ContactID: func(ctx context.Context, a adapters.Assignment) (int64, error) {
			return 0, fmt.Errorf("look up the contact linked to %s", a.Record.ID)
		},
	})
	fmt.Println(c != nil, err)
	// Output:
	// true <nil>
}

// Team members come from the embedder: no v3 endpoint lists them.
func ExampleTeam() {
	team := reply.Team{ListMembers: func(context.Context) ([]ownership.ReplyMember, error) {
		return []ownership.ReplyMember{{ID: 102, Email: "ben@example.com"}, {ID: 101, Email: "ana@example.com"}}, nil
	}}
	ms, _ := team.Members(context.Background())
	ws, _ := team.Workspace(context.Background())
	fmt.Println(ms[0].ID, ms[1].ID, ws.Mode)
	// Output:
	// 101 102 unknown
}
