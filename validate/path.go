package validate

import (
	"strconv"
	"strings"
)

// Path is a location in a configuration, written with the JSON field names
// of the syncstep configuration format: steps[2].mappings[1].salesforce_owner.
//
// A Path is an immutable value. Root, Child and Index each return a new Path
// that shares its prefix with the receiver, so sibling checks can branch from
// one parent without copying and without affecting each other. The zero Path
// is the whole document and prints as "". Paths are safe to share between
// goroutines.
type Path struct{ n *pathNode }

type pathNode struct {
	parent *pathNode
	name   string // a field name, or "" for an index
	index  int
}

// Root returns the path of a top-level field, such as Root("steps").
func Root(name string) Path { return Path{}.Child(name) }

// Child returns the path of field name inside p.
func (p Path) Child(name string) Path { return Path{&pathNode{parent: p.n, name: name}} }

// Index returns the path of element i of the array at p.
func (p Path) Index(i int) Path { return Path{&pathNode{parent: p.n, index: i}} }

// IsZero reports whether p is the whole document.
func (p Path) IsZero() bool { return p.n == nil }

// String renders p as diagnostics carry it: fields joined by ".", indexes in
// brackets, for example "steps[2].mappings[1].salesforce_owner". The zero
// Path renders as "".
func (p Path) String() string {
	var parts []*pathNode
	for n := p.n; n != nil; n = n.parent {
		parts = append(parts, n)
	}
	var b strings.Builder
	for i := len(parts) - 1; i >= 0; i-- {
		n := parts[i]
		if n.name == "" {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(n.index))
			b.WriteByte(']')
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(n.name)
	}
	return b.String()
}

// ComparePaths orders two rendered paths the way Diagnostics.Sort does: byte
// by byte, except that runs of digits compare as numbers, so steps[2] sorts
// before steps[10]. A path sorts after every path that is a prefix of it,
// and the whole document ("") sorts first. The order is total and stable
// across releases.
func ComparePaths(a, b string) int {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		ca, cb := a[i], b[j]
		if isDigit(ca) && isDigit(cb) {
			ei, ej := digitsEnd(a, i), digitsEnd(b, j)
			if c := compareNumbers(a[i:ei], b[j:ej]); c != 0 {
				return c
			}
			i, j = ei, ej
			continue
		}
		if ca != cb {
			if ca < cb {
				return -1
			}
			return 1
		}
		i++
		j++
	}
	switch {
	case len(a)-i < len(b)-j:
		return -1
	case len(a)-i > len(b)-j:
		return 1
	}
	return 0
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func digitsEnd(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

// compareNumbers compares two runs of decimal digits by value, and equal
// values by length (so "01" sorts after "1"), without overflow.
func compareNumbers(x, y string) int {
	tx, ty := strings.TrimLeft(x, "0"), strings.TrimLeft(y, "0")
	switch {
	case len(tx) != len(ty):
		if len(tx) < len(ty) {
			return -1
		}
		return 1
	case tx != ty:
		return strings.Compare(tx, ty)
	}
	switch {
	case len(x) < len(y):
		return -1
	case len(x) > len(y):
		return 1
	}
	return 0
}
