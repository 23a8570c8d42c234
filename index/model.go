package index

import "context"

// Weights are the parameters of the answering models: the rank weights of
// the passage features (score.go), the excerpt weights of the window
// features (excerpt.go), the takeaway weights (takeaway.go) and the decline
// model (decline.go). The fitted values are in weights.go;
// internal/fitweights fits them and passes its own through Options to
// evaluate them on articles it did not fit on.
type Weights struct {
	Rank    [numRankFeatures]float64
	Excerpt [numExcerptFeatures]float64
	// Takeaway weighs the takeaway features (takeaway.go).
	Takeaway [numTakeawayFeatures]float64
	// Decline and DeclineBias are a logistic model of whether the article
	// answers a question: it does when the bias plus the weighted features
	// is at least 0.
	Decline     [numDeclineFeatures]float64
	DeclineBias float64
	// DeclineTrees add to the decline model's linear score: boosted trees
	// fitted on what it misses.
	DeclineTrees []Tree
}

// TreeDepth is how many questions a Tree asks.
const TreeDepth = 3

// Tree is an oblivious decision tree: it asks the same TreeDepth questions
// of every feature vector (is feature Feature[d] at least Threshold[d]?)
// and the answers, as the bits of a number, first answer highest, pick the
// leaf whose value it gives.
type Tree struct {
	Feature   [TreeDepth]uint8
	Threshold [TreeDepth]float64
	Leaf      [1 << TreeDepth]float64
}

// Value returns the value the tree gives features f.
func (t *Tree) Value(f []float64) float64 {
	leaf := 0
	for d, k := range t.Feature {
		leaf <<= 1
		if f[k] >= t.Threshold[d] {
			leaf |= 1
		}
	}
	return t.Leaf[leaf]
}

// FeatureNames returns the names of the rank, excerpt, takeaway and decline
// features, in the order of Weights' arrays.
func FeatureNames() (rank, excerpt, takeaway, decline []string) {
	return rankFeatureNames[:], excerptFeatureNames[:], takeawayFeatureNames[:], declineFeatureNames[:]
}

// Trace is what the pipeline computes for a question, for fitting weights:
// the decline features and every candidate passage with its rank features
// and the excerpt features of each of its windows (a sentence or two
// adjacent ones). It is plain data.
type Trace struct {
	Decline    []float64
	Candidates []CandidateTrace // best first by the index's current weights
	// Takeaways are the takeaway features of each takeaway, in order.
	Takeaways [][]float64
}

// CandidateTrace is a candidate passage in a Trace.
type CandidateTrace struct {
	Passage int
	Rank    []float64
	Windows []WindowTrace
}

// WindowTrace is a window of a candidate passage in a Trace: the excerpt it
// would give, and its features.
type WindowTrace struct {
	Text    string
	Two     bool // two sentences
	Excerpt []float64
}

// Trace returns the features the pipeline computes for a question.
func (ix *Index) Trace(ctx context.Context, question string) (Trace, error) {
	s, err := ix.run(ctx, question)
	if err != nil {
		return Trace{}, err
	}
	d := ix.declineFeatures(s)
	tr := Trace{Decline: d[:]}
	for _, f := range ix.takeawayFeatures(s) {
		tr.Takeaways = append(tr.Takeaways, append([]float64(nil), f[:]...))
	}
	for _, c := range s.candidates {
		ct := CandidateTrace{Passage: c.passage, Rank: append([]float64(nil), c.features[:]...)}
		wins, feats := ix.windowFeatures(s, c.passage)
		for k, f := range feats {
			text := ix.sents[wins[k].first].Text
			if wins[k].n == 2 {
				text += " " + ix.sents[wins[k].first+1].Text
			}
			ct.Windows = append(ct.Windows, WindowTrace{Text: text, Two: wins[k].n == 2, Excerpt: append([]float64(nil), f[:]...)})
		}
		tr.Candidates = append(tr.Candidates, ct)
	}
	return tr, nil
}
