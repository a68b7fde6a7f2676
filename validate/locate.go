package validate

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"
)

// locate finds, in a JSON document that parses, the byte offset of the
// value at each wanted path (rendered as Path renders it). A path that is
// not in the document takes the offset of its nearest ancestor that is (a
// missing "key" points at its step), and "" the start of the document.
// Object members repeated in the document keep their first offset. locate
// returns nil if the document does not parse.
func locate(data []byte, want map[string]bool) map[string]int64 {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	l := locator{dec: dec, data: data, found: map[string]int64{}, want: map[string]bool{}}
	// Every ancestor of a wanted path is wanted too, for the fallback.
	for p := range want {
		for {
			l.want[p] = true
			i := lastSep(p)
			if i < 0 {
				break
			}
			p = p[:i]
		}
	}
	if !l.value("", 0) {
		return nil
	}
	out := make(map[string]int64, len(want))
	for p := range want {
		for q := p; ; q = q[:lastSep(q)] {
			if off, ok := l.found[q]; ok {
				out[p] = off
				break
			}
			if lastSep(q) < 0 {
				out[p] = l.found[""]
				break
			}
		}
	}
	return out
}

// lastSep returns the index of the last "." or "[" that splits p into a
// parent and a child, or -1 for a top-level field.
func lastSep(p string) int {
	for i := len(p) - 1; i > 0; i-- {
		if p[i] == '.' || p[i] == '[' {
			return i
		}
	}
	return -1
}

type locator struct {
	dec   *json.Decoder
	data  []byte
	want  map[string]bool
	found map[string]int64
}

// maxLocateDepth bounds nesting, as syncstep's decoder does.
const maxLocateDepth = 64

// value reads one value at path, recording its offset when wanted. It
// reports false if the document does not parse.
func (l *locator) value(path string, depth int) bool {
	if depth > maxLocateDepth {
		return false
	}
	off := l.dec.InputOffset()
	for off < int64(len(l.data)) {
		if c := l.data[off]; c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != ':' && c != ',' {
			break
		}
		off++
	}
	tok, err := l.dec.Token()
	if err != nil {
		return false
	}
	if _, seen := l.found[path]; !seen && l.want[path] {
		l.found[path] = off
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return true
	}
	switch d {
	case '{':
		for l.dec.More() {
			kt, err := l.dec.Token()
			if err != nil {
				return false
			}
			key, _ := kt.(string)
			child := key
			if path != "" {
				child = path + "." + key
			}
			if !l.value(child, depth+1) {
				return false
			}
		}
	case '[':
		for i := 0; l.dec.More(); i++ {
			if !l.value(path+"["+strconv.Itoa(i)+"]", depth+1) {
				return false
			}
		}
	}
	_, err = l.dec.Token() // the closing delimiter
	return err == nil || err == io.EOF
}

// position converts a byte offset to a 1-based line and column, counted
// in bytes as syncstep.DecodeProblem counts them.
func position(data []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	line = bytes.Count(before, []byte{'\n'}) + 1
	col = int(off) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}
