package corpus_test

import (
	"fmt"

	"github.com/articlebot/articlebot/corpus"
)

func ExampleParse() {
	text := "Bees pollinate crops. They need flowers.\n\nKey takeaways:\n• Bees matter.\n\nPlant more flowers."
	a, err := corpus.Parse("bees.txt", []byte(text))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.Title)
	for _, p := range a.Passages {
		fmt.Printf("passage %d: %d sentences: %s\n", p.Number, len(p.Sentences), p.Text)
	}
	for _, t := range a.Takeaways {
		fmt.Printf("takeaway %d: %s\n", t.Number, t.Text)
	}
	// Output:
	// Bees
	// passage 1: 2 sentences: Bees pollinate crops. They need flowers.
	// passage 2: 1 sentences: Plant more flowers.
	// takeaway 1: Bees matter.
}

func ExampleParse_error() {
	_, err := corpus.Parse("notes.txt", []byte("A paragraph.\nKey Takeaways\n"))
	fmt.Println(err)
	// Output:
	// notes.txt:2: key takeaways heading has no bullets after it
}

func ExampleDefault() {
	a, err := corpus.Default()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d passages, %d takeaways\n", len(a.Passages), len(a.Takeaways))
	// Output:
	// 7 passages, 5 takeaways
}

func ExampleParse_markdown() {
	text := "# Trees\n\n## What trees do\n\nThey make **shade** and store [carbon](https://example.com).\n\n" +
		"## Key Takeaways\n\n- Trees cool cities.\n"
	a, err := corpus.Parse("trees.md", []byte(text))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.Title, "·", a.Format)
	for _, p := range a.Passages {
		fmt.Printf("passage %d (%s): %s\n", p.Number, p.Section, p.Text)
	}
	for _, t := range a.Takeaways {
		fmt.Printf("takeaway %d: %s\n", t.Number, t.Text)
	}
	// Output:
	// Trees · markdown
	// passage 1 (What trees do): They make shade and store carbon.
	// takeaway 1: Trees cool cities.
}
