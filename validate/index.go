package validate

import (
	"hash/maphash"
	"math/bits"
	"strings"

	"github.com/ownermap/ownermap/ownership"
)

// index is the facts, indexed once per validation.
//
// Every user, queue and member has a dense number (users 0..U-1, queues
// U..U+Q-1, members 0..M-1), so that pairs can find repeated owners with a
// stamp per number instead of a map per step: see validator.pairs. The
// lookup tables are small open-addressing hash tables rather than Go maps:
// a probe is a few instructions, so a tight loop of lookups lets the
// processor overlap the cache misses of large directories, which keeps the
// cost per pair flat from a thousand owners to a hundred thousand.
type index struct {
	usersKnown, queuesKnown, membersKnown bool
	nUsers                                int32
	owners                                table[ownership.SalesforceID] // users and queues
	members                               table[ownership.ReplyUserID]  // Reply members
	seed                                  maphash.Seed
	rules                                 map[string]bool
	// userActive and memberActive copy the Active flags by number, compact
	// so that checking them stays in cache.
	userActive, memberActive []bool
	// touched keeps the sums of table.touch, so its reads are not
	// optimised away.
	touched uint64
}

func newIndex(f Facts) index {
	ix := index{
		usersKnown:   f.SalesforceUsers != nil,
		queuesKnown:  f.Queues != nil,
		membersKnown: f.ReplyMembers != nil,
		nUsers:       int32(len(f.SalesforceUsers)),
	}
	ix.userActive = make([]bool, len(f.SalesforceUsers))
	for i, u := range f.SalesforceUsers {
		ix.userActive[i] = u.Active
	}
	ix.memberActive = make([]bool, len(f.ReplyMembers))
	for i, m := range f.ReplyMembers {
		ix.memberActive[i] = m.Active
	}
	ix.seed = maphash.MakeSeed()
	ix.owners.init(len(f.SalesforceUsers) + len(f.Queues))
	ix.members.init(len(f.ReplyMembers))
	// Entries are added a batch at a time: hashes first, then a touch of
	// their slots (see table.touch), then the inserts.
	var hashes [batch]uint64
	var ids [batch]ownership.SalesforceID
	n := 0
	flush := func() {
		ix.touched += ix.owners.touch(hashes[:n])
		for k := range n {
			ix.owners.add(hashes[k], ids[k])
		}
		n = 0
	}
	addOwner := func(id ownership.SalesforceID) {
		hashes[n], ids[n] = ix.ownerHash(id), id
		if n++; n == batch {
			flush()
		}
	}
	for _, u := range f.SalesforceUsers {
		addOwner(u.ID)
	}
	for _, q := range f.Queues {
		addOwner(q.ID)
	}
	flush()
	for start := 0; start < len(f.ReplyMembers); start += batch {
		part := f.ReplyMembers[start:min(start+batch, len(f.ReplyMembers))]
		for k, m := range part {
			hashes[k] = memberHash(m.ID)
		}
		ix.touched += ix.members.touch(hashes[:len(part)])
		for k, m := range part {
			ix.members.add(hashes[k], m.ID)
		}
	}
	if f.AssignmentRuleObjects != nil {
		ix.rules = make(map[string]bool, len(f.AssignmentRuleObjects))
		for _, o := range f.AssignmentRuleObjects {
			ix.rules[strings.ToLower(strings.TrimSpace(o))] = true
		}
	}
	return ix
}

// batch is how many lookups or inserts are prepared together.
const batch = 128

// ownerHash hashes a Salesforce ID with the index's seed. The seed is
// random per validation, like a Go map's; it decides only where entries
// sit in the table, never what a lookup returns.
func (ix *index) ownerHash(id ownership.SalesforceID) uint64 {
	return maphash.Comparable(ix.seed, id)
}

// memberHash hashes a Reply userId (multiplicative hashing: the high bits
// of the product are well mixed, and table uses them).
func memberHash(id ownership.ReplyUserID) uint64 {
	return uint64(id) * 0x9E3779B97F4A7C15
}

// table maps keys to dense numbers: the n-th distinct key added gets n
// (the first entry for a key wins, later ones get no number, which is
// why every key is added, duplicates too, to keep numbers aligned with
// the facts: see add).
//
// It is an open-addressing hash table with linear probing whose slots are
// 8 bytes: 32 bits of the key's hash, to reject most mismatches without
// reading the key, and the number + 1 (0 marks an empty slot). Keys are
// kept in a separate slice indexed by number. Small slots keep a table of
// a hundred thousand owners within the processor's caches and TLB, and the
// split into hash, touch and probe lets a batch of lookups fetch all its
// cache lines at once.
type table[K comparable] struct {
	slots []uint64
	keys  []K // by number
	mask  uint64
}

// tableSize returns a power of two at least twice n (at most half full, so
// linear probe sequences stay short), or 0 for n == 0.
func tableSize(n int) int {
	if n == 0 {
		return 0
	}
	size := 8
	for size < 2*n {
		size *= 2
	}
	return size
}

func (t *table[K]) init(n int) {
	t.slots = make([]uint64, tableSize(n))
	t.keys = make([]K, 0, n)
	t.mask = uint64(len(t.slots)) - 1
}

// start returns the slot where the probe for hash h starts. The high bits
// choose it, since they are the well-mixed ones of a multiplicative hash.
func (t *table[K]) start(h uint64) uint64 { return bits.RotateLeft64(h, 32) & t.mask }

// add gives key the next number, unless it has one; either way the number
// space advances by one, so that numbers stay equal to positions in the
// facts' slices. A key seen before keeps its first number, and its later
// position is never returned by probe.
func (t *table[K]) add(h uint64, key K) {
	num := uint64(len(t.keys)) + 1
	t.keys = append(t.keys, key)
	fp := h & 0xFFFF_FFFF_0000_0000
	for i := t.start(h); ; i = (i + 1) & t.mask {
		s := t.slots[i]
		if s == 0 {
			t.slots[i] = fp | num
			return
		}
		if s&0xFFFF_FFFF_0000_0000 == fp && t.keys[uint32(s)-1] == key {
			return
		}
	}
}

// touch reads the first slot of every hash, with no branch between the
// reads, so that the processor fetches all their cache lines at once; the
// probes that follow then mostly hit the cache. It returns a sum of what
// it read, for the caller to keep.
func (t *table[K]) touch(hashes []uint64) uint64 {
	var sum uint64
	if len(t.slots) == 0 {
		return 0
	}
	for _, h := range hashes {
		sum += t.slots[t.start(h)]
	}
	return sum
}

// probe returns the number of key, whose hash is h, or -1. The table must
// not be empty.
func (t *table[K]) probe(h uint64, key K) int32 {
	fp := h & 0xFFFF_FFFF_0000_0000
	for i := t.start(h); ; i = (i + 1) & t.mask {
		s := t.slots[i]
		if s == 0 {
			return -1
		}
		if s&0xFFFF_FFFF_0000_0000 == fp && t.keys[uint32(s)-1] == key {
			return int32(uint32(s)) - 1
		}
	}
}

// get returns the number of key, whose hash is h, or -1.
func (t *table[K]) get(h uint64, key K) int32 {
	if len(t.slots) == 0 {
		return -1
	}
	return t.probe(h, key)
}
