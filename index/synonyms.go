package index

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
)

// Synonyms is a per-article synonyms list in the Solr/Elasticsearch
// "synonyms" format, as an operator would maintain it:
//
//	# comment
//	car, automobile, motor vehicle      equivalent terms: each finds the others
//	cheap, inexpensive => cost-effective  explicit: the left finds the right
//
// Terms may be several words. A Synonyms is immutable once parsed and safe
// for concurrent use; the index analyzes its terms when it is built.
type Synonyms struct {
	rules []synonymRule
}

type synonymRule struct {
	from []string // the phrases that trigger the rule
	to   []string // the phrases they expand to
}

// ParseSynonyms reads a synonyms list. name is used in errors.
func ParseSynonyms(name string, r io.Reader) (*Synonyms, error) {
	s := &Synonyms{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if n == 1 {
			line = strings.TrimPrefix(line, "\uFEFF")
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		left, right, explicit := strings.Cut(line, "=>")
		from := splitSynonyms(left)
		if len(from) == 0 {
			return nil, fmt.Errorf("%s:%d: synonym rule has no terms", name, n)
		}
		if !explicit {
			if len(from) < 2 {
				continue // a lone word is not a rule; Solr ignores it too
			}
			s.rules = append(s.rules, synonymRule{from: from, to: from})
			continue
		}
		to := splitSynonyms(right)
		if len(to) == 0 {
			return nil, fmt.Errorf("%s:%d: synonym rule has nothing after =>", name, n)
		}
		s.rules = append(s.rules, synonymRule{from: from, to: to})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read synonyms %s: %w", name, err)
	}
	return s, nil
}

// LoadSynonyms reads the synonyms list in the file at path.
func LoadSynonyms(path string) (*Synonyms, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read synonyms: %w", err)
	}
	return ParseSynonyms(path, bytes.NewReader(data))
}

// splitSynonyms splits a comma-separated list, honouring "\," escapes.
func splitSynonyms(s string) []string {
	var out []string
	var cur strings.Builder
	emit := func() {
		if t := strings.Join(strings.Fields(cur.String()), " "); t != "" {
			out = append(out, t)
		}
		cur.Reset()
	}
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
		case s[i] == ',':
			emit()
		default:
			cur.WriteByte(s[i])
		}
	}
	emit()
	return out
}

// Len returns the number of rules.
func (s *Synonyms) Len() int {
	if s == nil {
		return 0
	}
	return len(s.rules)
}
