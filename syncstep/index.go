package syncstep

import (
	"encoding/binary"
	"math/bits"
	"math/rand/v2"

	"github.com/ownermap/ownermap/ownership"
)

// The lookup structures of a Plan.
//
// A plan keeps one entry per pair, in pair order, holding everything a
// Decision needs about it, and open-addressing hash tables whose slots are
// references into the entries (index+1; 0 is an empty slot):
//
//   - byID: Salesforce → Reply plans, by the owner's SalesforceID (Resolve);
//   - byText: the same pairs by the canonical text of their owner
//     (ResolveSalesforceOwner, see findText);
//   - byReply: Reply → Salesforce plans, by the Reply userId.
//
// They replace Go maps (map[SalesforceID]int32 and map[ReplyUserID]int32),
// which are general: their hash goes through the key type's hash function
// and a hit then needed Step.Mappings[i] and the enroll set besides. Here a
// key is hashed with one 64×64→128-bit multiply (the wyhash "mum" mixer)
// under per-plan random seeds, so no input pattern can be chosen in advance
// to collide; collisions are resolved by linear probing in a table kept at
// most half full. A slot is 4 bytes, so the table of a 1,000-pair plan is
// 8 KiB and stays in the L1 cache, and the entries are dense.
//
// Everything is built once, by CompileStep, and only read afterwards, so a
// Plan stays safe for concurrent use. equivalence_test.go checks every
// lookup against a plain map.

// entry is one pair of a plan: the owners, the pair's index, whether People
// to sequence enrolls its records, and, for Salesforce → Reply plans, the
// canonical text of the Salesforce owner (characters 0-7 and 7-14 as load8
// reads them, and the checksum suffix).
type entry struct {
	salesforce   ownership.SalesforceID
	text0, text1 uint64
	reply        ownership.ReplyUserID
	pair         int32
	suffix       [3]byte
	enroll       bool
}

// table is an open-addressing hash table of references into a plan's
// entries; the plan's find methods probe it.
type table struct {
	refs         []uint32 // len is a power of two; 0 is empty, else index+1
	shift        uint     // maps a 64-bit hash to a slot by its top bits
	seed0, seed1 uint64
}

// newTable returns an empty table for n keys: at least 2n slots, and at
// least 2.
func newTable(n int) table {
	size, shift := 2, uint(63)
	for size < 2*n {
		size, shift = size*2, shift-1
	}
	return table{refs: make([]uint32, size), shift: shift, seed0: rand.Uint64() ^ mix0, seed1: rand.Uint64() ^ mix1}
}

// Mixing constants of wyhash (public domain).
const (
	mix0 = 0xa0761d6478bd642f
	mix1 = 0xe7037ed1a0b428db
)

// slot returns the first slot to probe for a key whose two words are a and
// b: the top bits of the wyhash mixer, the 128-bit product folded to 64.
func (t *table) slot(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a^t.seed0, b^t.seed1)
	return (hi ^ lo) >> t.shift
}

// add puts ref in the first empty slot from i on.
func (t *table) add(i uint64, ref int) {
	mask := uint64(len(t.refs) - 1)
	for t.refs[i] != 0 {
		i = (i + 1) & mask
	}
	t.refs[i] = uint32(ref + 1)
}

// idWords returns the two machine words of id, equal exactly when the IDs
// are.
func idWords(id ownership.SalesforceID) (uint64, uint64) { return id.Words() }

// load8 returns the 8 bytes of s, the first in the most significant byte;
// the compiler makes it one load and a byte swap.
func load8(s string) uint64 {
	_ = s[7]
	return uint64(s[0])<<56 | uint64(s[1])<<48 | uint64(s[2])<<40 | uint64(s[3])<<32 |
		uint64(s[4])<<24 | uint64(s[5])<<16 | uint64(s[6])<<8 | uint64(s[7])
}

// indexSalesforce builds p.entries, p.byID and p.byText from the pairs of a
// Salesforce → Reply step, and reports whether no Salesforce owner is named
// twice. Pairs without a Salesforce owner are left out, as Step.Conflicts
// leaves them out. enroll is the set of People to sequence owners.
func (p *Plan) indexSalesforce(enroll map[ownership.ReplyUserID]struct{}) bool {
	pairs := p.step.Mappings
	p.entries = make([]entry, 0, len(pairs))
	p.byID = newTable(len(pairs))
	unique := true
	mask := uint64(len(p.byID.refs) - 1)
pairs:
	for i, pair := range pairs {
		if pair.Salesforce.IsZero() {
			continue
		}
		// Find the owner's slot, or the empty slot where it goes.
		hi, lo := idWords(pair.Salesforce)
		slot := p.byID.slot(hi, lo)
		for ; p.byID.refs[slot] != 0; slot = (slot + 1) & mask {
			if p.entries[p.byID.refs[slot]-1].salesforce == pair.Salesforce {
				unique = false
				continue pairs
			}
		}
		_, e := enroll[pair.Reply]
		var buf [18]byte
		text, _ := pair.Salesforce.AppendText(buf[:0]) // never fails
		p.entries = append(p.entries, entry{
			salesforce: pair.Salesforce,
			text0:      binary.BigEndian.Uint64(text[0:8]),
			text1:      binary.BigEndian.Uint64(text[7:15]),
			suffix:     [3]byte{text[15], text[16], text[17]},
			reply:      pair.Reply,
			pair:       int32(i),
			enroll:     e,
		})
		p.byID.refs[slot] = uint32(len(p.entries))
	}
	// Unique owners have unique canonical texts, so the text table needs
	// no duplicate check.
	p.byText = newTable(len(p.entries))
	for k, e := range p.entries {
		p.byText.add(p.byText.slot(e.text0, e.text1), k)
	}
	return unique
}

// indexReply builds p.entries and p.byReply from the pairs of a Reply →
// Salesforce step, and reports whether no Reply owner is named twice. Pairs
// without a valid Reply owner are left out, as Step.Conflicts leaves them
// out.
func (p *Plan) indexReply() bool {
	pairs := p.step.Mappings
	p.entries = make([]entry, 0, len(pairs))
	p.byReply = newTable(len(pairs))
	unique := true
	for i, pair := range pairs {
		if !pair.Reply.Valid() {
			continue
		}
		if p.findReply(pair.Reply) != nil {
			unique = false
			continue
		}
		p.entries = append(p.entries, entry{salesforce: pair.Salesforce, reply: pair.Reply, pair: int32(i)})
		p.byReply.add(p.byReply.slot(uint64(pair.Reply), mix1), len(p.entries)-1)
	}
	return unique
}

// findID returns the entry of the pair that names Salesforce owner id, or
// nil (always for the zero ID, and in a plan without a byID table).
func (p *Plan) findID(id ownership.SalesforceID) *entry {
	t := &p.byID
	if id.IsZero() || len(t.refs) == 0 {
		return nil
	}
	hi, lo := idWords(id)
	mask := uint64(len(t.refs) - 1)
	for i := t.slot(hi, lo) & mask; ; i = (i + 1) & mask {
		r := t.refs[i]
		if r == 0 {
			return nil
		}
		if e := &p.entries[r-1]; e.salesforce == id {
			return e
		}
	}
}

// findText returns the entry of the pair whose Salesforce owner's text
// ownerID is, byte for byte, in the 15-character or the canonical
// 18-character form; nil otherwise.
//
// This is the pre-canonicalized key of the hot path. Salesforce hands
// OwnerIds back in the canonical 18-character form, so most records of a
// sync carry exactly the text of the owner their pair names, and matching
// that text proves everything a parse would: it was a well-formed ID when
// the plan was compiled (length, characters, checksum suffix), and it
// parses to the entry's owner. Inputs that match no text (another letter
// case, an unmapped owner, a malformed ID) are then parsed and checked in
// full. The 15-character form is the first 15 characters of the canonical
// 18, so one slot serves both: the hash covers characters 0-14, and an
// 18-character input must match the suffix too.
func (p *Plan) findText(ownerID string) *entry {
	t := &p.byText
	if len(ownerID) != 15 && len(ownerID) != 18 || len(t.refs) == 0 {
		return nil
	}
	t0, t1 := load8(ownerID[0:8]), load8(ownerID[7:15])
	mask := uint64(len(t.refs) - 1)
	for i := t.slot(t0, t1) & mask; ; i = (i + 1) & mask {
		r := t.refs[i]
		if r == 0 {
			return nil
		}
		if e := &p.entries[r-1]; e.text0 == t0 && e.text1 == t1 {
			if len(ownerID) == 18 && (ownerID[15] != e.suffix[0] || ownerID[16] != e.suffix[1] || ownerID[17] != e.suffix[2]) {
				return nil
			}
			return e
		}
	}
}

// findReply returns the entry of the pair that names Reply owner id, or nil
// (always for an id below 1, and in a plan without a byReply table).
func (p *Plan) findReply(id ownership.ReplyUserID) *entry {
	t := &p.byReply
	if id <= 0 || len(t.refs) == 0 {
		return nil
	}
	mask := uint64(len(t.refs) - 1)
	for i := t.slot(uint64(id), mix1) & mask; ; i = (i + 1) & mask {
		r := t.refs[i]
		if r == 0 {
			return nil
		}
		if e := &p.entries[r-1]; e.reply == id {
			return e
		}
	}
}
