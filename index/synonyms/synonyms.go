// Package synonyms reads per-article synonyms files in the Solr format (the
// "synonyms" format Elasticsearch also reads), as an operator would maintain
// them for words members use that the article doesn't:
//
//	# comment
//	car, automobile, motor vehicle      equivalent terms: each finds the others
//	cheap, inexpensive => cost-effective  explicit: the left finds the right
//
// One rule a line. A line that is empty or starts with "#" is skipped, and a
// UTF-8 byte order mark at the start of the file is ignored. Terms are
// separated by commas ("\," is a comma within a term, and a backslash takes
// any character after it literally) and may be several words; the spaces
// within a term are collapsed to one. A line of one term and no "=>" is not a
// rule and is ignored, as Solr ignores it. A line with no terms before its
// "=>" (or none at all, such as ","), or with nothing after its "=>", is an
// error, and so is a line longer than 1 MiB.
//
// The package only parses: the index (package index) analyzes the terms of a
// List into stems when it is built.
package synonyms

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// List is a parsed synonyms list. A List is immutable once parsed and safe
// for concurrent use.
type List struct {
	rules []Rule
}

// Rule is one rule of a List: each of the phrases From finds the phrases To.
// For a line of equivalent terms, From and To hold the same phrases.
type Rule struct {
	From []string // the phrases that trigger the rule
	To   []string // the phrases they expand to
}

// Parse reads a synonyms list. name is used in errors.
func Parse(name string, r io.Reader) (*List, error) {
	s := &List{}
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
		from := split(left)
		if len(from) == 0 {
			return nil, fmt.Errorf("%s:%d: synonym rule has no terms", name, n)
		}
		if !explicit {
			if len(from) < 2 {
				continue // a lone word is not a rule; Solr ignores it too
			}
			s.rules = append(s.rules, Rule{From: from, To: from})
			continue
		}
		to := split(right)
		if len(to) == 0 {
			return nil, fmt.Errorf("%s:%d: synonym rule has nothing after =>", name, n)
		}
		s.rules = append(s.rules, Rule{From: from, To: to})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read synonyms %s: %w", name, err)
	}
	return s, nil
}

// Load reads the synonyms list in the file at path.
func Load(path string) (*List, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read synonyms: %w", err)
	}
	return Parse(path, bytes.NewReader(data))
}

// split splits a comma-separated list, honouring "\," escapes.
func split(s string) []string {
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

// Len returns the number of rules. A nil List has none.
func (s *List) Len() int {
	if s == nil {
		return 0
	}
	return len(s.rules)
}

// Rules returns the rules in the order of the file's lines, nil when there
// are none. It returns a copy: changing it leaves the List as it was.
func (s *List) Rules() []Rule {
	if s.Len() == 0 {
		return nil
	}
	out := make([]Rule, len(s.rules))
	for i, r := range s.rules {
		out[i] = Rule{From: slices.Clone(r.From), To: slices.Clone(r.To)}
	}
	return out
}
