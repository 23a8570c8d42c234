package index

import "context"

// Answer answers a question about the article with at most top excerpts
// (top < 1 means 3). Any text is accepted: empty, huge, invalid UTF-8 or
// query-syntax characters all get an Answer, with Answered false when the
// article does not cover the question. The error is non-nil only when ctx
// ends or the index fails.
func (ix *Index) Answer(ctx context.Context, question string, top int) (Answer, error) {
	if top < 1 {
		top = 3
	}
	s, err := ix.run(ctx, question)
	if err != nil {
		return Answer{}, err
	}
	ans := Answer{Question: s.text}
	if !s.meaningful() {
		ans.Suggestions = ix.Topics()
		return ans, nil
	}
	ans.Answered = ix.weights.answers(ix.declineFeatures(s))
	for _, c := range s.candidates {
		if len(ans.Excerpts) == top {
			break
		}
		// An answer's first excerpt is the best passage whatever it
		// matched, the others must match a telling word; a declined
		// question's nearest passages must have one as itself.
		if !c.meaningful && len(ans.Excerpts) > 0 || !ans.Answered && !c.sharesWord {
			continue
		}
		if len(ans.Excerpts) == 0 || c.specific >= max(minShownSpecific, minShownShare*s.candidates[0].specific) {
			ans.Excerpts = append(ans.Excerpts, ix.excerpt(s, c, ix.weights))
		}
	}
	if !ans.Answered {
		// Declined: the passages that come nearest are shown for what they
		// are, in case the question is one the article answers in other
		// words, with the topics it does cover.
		ans.Suggestions = ix.Topics()
		return ans, nil
	}
	ans.Takeaway = ix.chooseTakeaway(s, ix.weights)
	return ans, nil
}

// run takes a question through the stages up to the ranking of passages.
// A question none of whose telling words reaches the article has no
// candidates: it is not searched.
func (ix *Index) run(ctx context.Context, text string) (scored, error) {
	q := ix.expand(ix.analyse(text))
	if !q.tells() {
		return scored{retrieval: retrieval{query: q}}, ctx.Err()
	}
	r, err := ix.retrieve(ctx, q)
	if err != nil {
		return scored{}, err
	}
	return ix.score(r, ix.weights), nil
}

// Answer is the index's reply to one question. It is plain data, safe to
// copy and to share between goroutines.
type Answer struct {
	// Question is the member's text as it was asked (after invalid UTF-8
	// was replaced); it may be empty.
	Question string
	// Answered is false when the article does not cover the question; then
	// Takeaway is nil, Suggestions says what the article does cover, and
	// Excerpts holds the passages that come nearest, not an answer: those
	// that use one of the question's telling words as itself (none when no
	// passage does).
	Answered bool
	// Excerpts are the best-matching sentences, at most one excerpt a
	// passage, best first: the answer, or when Answered is false the
	// nearest the article comes.
	Excerpts []Excerpt
	// Takeaway is the key takeaway most relevant to the question and to the
	// passages that answer it; nil when not answered or when the article has
	// no takeaways.
	Takeaway *Takeaway
	// Suggestions are short topics the article covers, offered when the
	// question was not answered.
	Suggestions []string
}

// Excerpt is the best-matching sentence or sentences of one passage.
type Excerpt struct {
	// Passage is the 1-based number of the passage the excerpt is from.
	Passage int
	// Text is one or more consecutive sentences of the passage, verbatim.
	Text string
	// Score is the excerpt's relevance; higher is better. Scores compare
	// only within one Answer.
	Score float64
	// Highlights are the byte ranges of Text holding words that matched the
	// question, in order and not overlapping.
	Highlights []Span
}

// Span is a half-open byte range [Start, End) of a text.
type Span struct {
	Start, End int
}

// Takeaway is a key takeaway chosen for an answer.
type Takeaway struct {
	// Number is the takeaway's 1-based position in the article's list.
	Number int
	// Text is the takeaway, verbatim.
	Text string
	// Passages are the passages that best support this takeaway, best first.
	Passages []int
}
