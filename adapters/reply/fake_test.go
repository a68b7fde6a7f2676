package reply_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"testing"
)

type sent struct {
	Method, Path string
	Body         map[string]any
}

// fakeWorkspace is a Reply workspace behind an httptest server speaking
// the v3 shapes: contacts/filter with hasMore, contacts/owner with
// affectedIds, sequences/{id}/contacts (refusing a contact already in the
// sequence with contactAlreadyInSequence), problem+json errors.
type fakeWorkspace struct {
	srv *httptest.Server

	mu        sync.Mutex
	log       []sent
	order     []int64         // contact ids in listing order
	owners    map[int64]int64 // contact → ownerUserId
	members   map[int64]bool  // users who may own contacts
	sequences map[int64][]int64
	fault     func(s sent) (status int, body string, header http.Header)
}

func newFakeWorkspace(t *testing.T) *fakeWorkspace {
	t.Helper()
	w := &fakeWorkspace{owners: map[int64]int64{}, members: map[int64]bool{}, sequences: map[int64][]int64{}}
	w.srv = httptest.NewServer(http.HandlerFunc(w.serve))
	t.Cleanup(w.srv.Close)
	return w
}

func (w *fakeWorkspace) addContact(id, owner int64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.order = append(w.order, id)
	w.owners[id] = owner
}

func (w *fakeWorkspace) owner(id int64) int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.owners[id]
}

// inSequence returns the contacts in sequence seq, in the order added.
func (w *fakeWorkspace) inSequence(seq int64) []int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.sequences[seq])
}

func (w *fakeWorkspace) requests() []sent {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.log)
}

func problem(rw http.ResponseWriter, status int, code, detail string) {
	rw.Header().Set("Content-Type", "application/problem+json")
	rw.WriteHeader(status)
	_ = json.NewEncoder(rw).Encode(map[string]any{"type": "about:blank", "title": http.StatusText(status), "status": status, "detail": detail, "code": code})
}

func respond(rw http.ResponseWriter, v any) {
	rw.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(rw).Encode(v)
}

var sequenceRE = regexp.MustCompile(`^/v3/sequences/(\d+)/contacts$`)

func num(v any) int64 {
	f, _ := v.(float64)
	return int64(f)
}

func (w *fakeWorkspace) serve(rw http.ResponseWriter, r *http.Request) {
	s := sent{Method: r.Method, Path: r.URL.Path}
	data, _ := io.ReadAll(r.Body)
	if len(data) > 0 {
		if err := json.Unmarshal(data, &s.Body); err != nil {
			problem(rw, 400, "request.invalidInput", err.Error())
			return
		}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.log = append(w.log, s)
	if w.fault != nil {
		if status, body, h := w.fault(s); status != 0 {
			for k, v := range h {
				rw.Header()[k] = v
			}
			rw.Header().Set("Content-Type", "application/problem+json")
			rw.WriteHeader(status)
			_, _ = io.WriteString(rw, body)
			return
		}
	}
	if r.Header.Get("Authorization") != "Bearer test-key" {
		rw.Header().Set("WWW-Authenticate", "Bearer")
		rw.WriteHeader(401)
		return
	}
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/v3/whoami":
		respond(rw, map[string]any{"userId": 100})
	case r.Method == http.MethodPost && r.URL.Path == "/v3/contacts/filter":
		off, lim := int(num(s.Body["offset"])), int(num(s.Body["limit"]))
		if lim <= 0 {
			problem(rw, 400, "contact.invalidInput", "limit")
			return
		}
		items := []map[string]any{}
		for i := off; i < len(w.order) && i < off+lim; i++ {
			id := w.order[i]
			items = append(items, map[string]any{"id": id, "email": "c" + strconv.FormatInt(id, 10) + "@example.com", "ownerUserId": w.owners[id], "sequences": []any{}})
		}
		respond(rw, map[string]any{"items": items, "hasMore": off+lim < len(w.order), "totalCount": len(w.order)})
	case r.Method == http.MethodPut && r.URL.Path == "/v3/contacts/owner":
		user := num(s.Body["userId"])
		if !w.members[user] {
			problem(rw, 400, "contactOwner.invalidInput", "user is not in your team")
			return
		}
		affected := []int64{}
		ids, _ := s.Body["contactIds"].([]any)
		for _, v := range ids {
			if _, ok := w.owners[num(v)]; ok {
				w.owners[num(v)] = user
				affected = append(affected, num(v))
			}
		}
		respond(rw, map[string]any{"isSuccess": true, "affectedIds": affected})
	case r.Method == http.MethodPost && sequenceRE.MatchString(r.URL.Path):
		seq, _ := strconv.ParseInt(sequenceRE.FindStringSubmatch(r.URL.Path)[1], 10, 64)
		if _, ok := w.sequences[seq]; !ok {
			problem(rw, 404, "sequence.notFound", "no such sequence")
			return
		}
		c := num(s.Body["contactId"])
		if _, ok := w.owners[c]; !ok {
			problem(rw, 404, "contact.notFound", "no such contact")
			return
		}
		if slices.Contains(w.sequences[seq], c) {
			problem(rw, 400, "contactAlreadyInSequence", "the contact is already in this sequence")
			return
		}
		w.sequences[seq] = append(w.sequences[seq], c)
		respond(rw, map[string]any{})
	default:
		problem(rw, 404, "route.notFound", r.Method+" "+r.URL.Path)
	}
}
