package index_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/articlebot/articlebot/corpus"
	"github.com/articlebot/articlebot/index"
	"github.com/articlebot/articlebot/index/synonyms"
)

func ExampleIndex_Answer() {
	a, err := corpus.Default()
	if err != nil {
		fmt.Println(err)
		return
	}
	ix, err := index.New(context.Background(), a, index.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer ix.Close()

	ans, err := ix.Answer(context.Background(), "How many surveillance cameras does China have?", 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	e := ans.Excerpts[0]
	fmt.Printf("passage %d: %s\n", e.Passage, e.Text)
	fmt.Printf("takeaway %d: %s\n", ans.Takeaway.Number, ans.Takeaway.Text)

	ans, _ = ix.Answer(context.Background(), "Who makes the best pizza in Naples?", 1)
	fmt.Println("answered:", ans.Answered)
	// Output:
	// passage 6: Moreover, China's vast population and state surveillance infrastructure provide a wealth of data for training AI models. With 1.4 billion people and an estimated 700 million surveillance cameras, China's AI giants—Baidu, Alibaba, and Tencent—have access to unparalleled data resources.
	// takeaway 4: China's cost-effective tech production and data resources give it a competitive edge.
	// answered: false
}

func ExampleOptions_synonyms() {
	a, _ := corpus.Parse("bees.txt", []byte("Honeybees pollinate almond orchards in California.\n\nWild bees nest in the ground."))
	syn, err := synonyms.Parse("bees.syn", strings.NewReader("# operator's list\nnuts, almonds\n"))
	if err != nil {
		fmt.Println(err)
		return
	}
	ix, err := index.New(context.Background(), a, index.Options{Synonyms: syn})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer ix.Close()
	ans, _ := ix.Answer(context.Background(), "Which nuts need pollinating?", 1)
	fmt.Println(ans.Answered, ans.Excerpts[0].Passage)
	// Output:
	// true 1
}

func ExampleIndex_Suggest() {
	a, err := corpus.Default()
	if err != nil {
		fmt.Println(err)
		return
	}
	ix, err := index.New(context.Background(), a, index.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer ix.Close()
	// A member has typed "how many cam", with "cam" unfinished.
	for _, s := range ix.Suggest("how many cam", 3) {
		fmt.Println(s)
	}
	// Output:
	// How many surveillance cameras?
	// What does the article say about cameras?
	// What does the article say about surveillance cameras?
}
