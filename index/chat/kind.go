package chat

// Kind is the kind of thing a question asks for, from its question words:
// a year or date for "when", a number for "how many", a name for "who", a
// place for "where".
type Kind uint8

// The kinds of answer.
const (
	None   Kind = iota // no kind in particular ("what is …", "why …")
	Time               // a year or a date ("when", "what year")
	Number             // a number ("how many", "how far", "what percentage")
	Person             // a person's name ("who", "whose")
	Place              // a place ("where", "which country")
)

// kindCues are the openings that ask for a kind of answer, tried in order
// on the lower-case words of the question (anywhere in it, since members
// write "and when did …" or "so how many …").
var kindCues = []struct {
	words []string
	kind  Kind
}{
	{[]string{"what", "year"}, Time}, {[]string{"which", "year"}, Time}, {[]string{"what", "date"}, Time},
	{[]string{"what", "century"}, Time}, {[]string{"what", "decade"}, Time}, {[]string{"how", "long", "ago"}, Time},
	{[]string{"when"}, Time},
	{[]string{"how", "many"}, Number}, {[]string{"how", "much"}, Number}, {[]string{"how", "far"}, Number},
	{[]string{"how", "long"}, Number}, {[]string{"how", "old"}, Number}, {[]string{"how", "big"}, Number},
	{[]string{"how", "large"}, Number}, {[]string{"how", "high"}, Number}, {[]string{"how", "tall"}, Number},
	{[]string{"how", "fast"}, Number}, {[]string{"how", "often"}, Number}, {[]string{"what", "percentage"}, Number},
	{[]string{"what", "percent"}, Number}, {[]string{"what", "share"}, Number}, {[]string{"what", "proportion"}, Number},
	{[]string{"what", "number"}, Number}, {[]string{"what", "amount"}, Number},
	{[]string{"who"}, Person}, {[]string{"whom"}, Person}, {[]string{"whose"}, Person},
	{[]string{"where"}, Place}, {[]string{"which", "country"}, Place}, {[]string{"what", "country"}, Place},
	{[]string{"which", "city"}, Place}, {[]string{"what", "city"}, Place},
}

// KindOf returns the kind of answer a question asks for: that of the first
// cue of kindCues found anywhere among its first maxKindWords words. It
// does not allocate.
func KindOf(text string) Kind {
	// The question's first maxKindWords words, in lower case, found
	// without allocating (ASCII letters and apostrophes).
	var words [maxKindWords][]byte
	n := 0
	var buf [maxKindWords * 12]byte
	used := 0
	for i := 0; i < len(text) && n < maxKindWords; {
		for i < len(text) && !isKindLetter(text[i]) {
			i++
		}
		start := used
		for i < len(text) && isKindLetter(text[i]) {
			if used < len(buf) {
				buf[used] = text[i] | 0x20 // lower case
				used++
			}
			i++
		}
		if used > start {
			words[n] = buf[start:used]
			n++
		}
	}
	// The first cue in kindCues' order that matches anywhere: of the cues
	// each word opens, the one earliest in the list.
	best := len(kindCues)
	for i := range n {
	next:
		for _, ci := range cuesByFirst[string(words[i])] {
			c := kindCues[ci]
			if ci >= best || i+len(c.words) > n {
				continue
			}
			for k, w := range c.words[1:] {
				if string(words[i+1+k]) != w {
					continue next
				}
			}
			best = ci
		}
	}
	if best == len(kindCues) {
		return None
	}
	return kindCues[best].kind
}

// cuesByFirst lists the cues each word opens, by their place in kindCues.
var cuesByFirst = func() map[string][]int {
	m := map[string][]int{}
	for i, c := range kindCues {
		m[c.words[0]] = append(m[c.words[0]], i)
	}
	return m
}()

// maxKindWords is how many words of a question are looked at for its kind.
const maxKindWords = 24

func isKindLetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b == '\'' }
