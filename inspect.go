package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/articlebot/articlebot/corpus"
)

// inspectReport is the JSON that inspect --json prints.
type inspectReport struct {
	Title     string            `json:"title"`
	Format    string            `json:"format"`
	Passages  []inspectPassage  `json:"passages"`
	Takeaways []inspectTakeaway `json:"takeaways"`
	Warnings  []string          `json:"warnings"`
}

type inspectPassage struct {
	Number  int    `json:"number"`
	Section string `json:"section"`
	Text    string `json:"text"`
}

type inspectTakeaway struct {
	Number int    `json:"number"`
	Text   string `json:"text"`
}

func runInspect(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("inspect", "Usage: articlebot inspect [--json] FILE\n\n"+
		"Shows how the bot reads an article file: its format, title, numbered passages with\n"+
		"their sections, the key takeaways, and warnings. Exit status 1 if it cannot be read.\n\n", "", stderr)
	asJSON := fs.Bool("json", false, `print one JSON object: {"title", "format", "passages", "takeaways", "warnings"}`)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "articlebot inspect: give one FILE")
		fs.Usage()
		return errUsage
	}
	a, err := corpus.Load(fs.Arg(0))
	if err != nil {
		return err
	}
	r := inspectReport{
		Title: a.Title, Format: a.Format,
		Passages:  make([]inspectPassage, 0, len(a.Passages)),
		Takeaways: make([]inspectTakeaway, 0, len(a.Takeaways)),
		Warnings:  append([]string{}, a.Warnings...),
	}
	for _, p := range a.Passages {
		r.Passages = append(r.Passages, inspectPassage{Number: p.Number, Section: p.Section, Text: p.Text})
	}
	for _, t := range a.Takeaways {
		r.Takeaways = append(r.Takeaways, inspectTakeaway{Number: t.Number, Text: t.Text})
	}
	out := bufio.NewWriter(stdout)
	if *asJSON {
		enc := json.NewEncoder(out)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(r); err != nil {
			return fmt.Errorf("write report: %w", err)
		}
	} else {
		writeInspectText(out, r)
	}
	if err := out.Flush(); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

// writeInspectText prints the report for a person: each passage with its
// number and section, then the takeaways and the warnings.
func writeInspectText(w io.Writer, r inspectReport) {
	fmt.Fprintf(w, "Title: %s\nFormat: %s\n%d passages, %d takeaways\n", r.Title, r.Format, len(r.Passages), len(r.Takeaways))
	for _, p := range r.Passages {
		if p.Section != "" {
			fmt.Fprintf(w, "\nPassage %d · %s\n%s\n", p.Number, p.Section, p.Text)
		} else {
			fmt.Fprintf(w, "\nPassage %d\n%s\n", p.Number, p.Text)
		}
	}
	if len(r.Takeaways) > 0 {
		fmt.Fprintln(w, "\nKey takeaways:")
		for _, t := range r.Takeaways {
			fmt.Fprintf(w, "%d. %s\n", t.Number, t.Text)
		}
	}
	if len(r.Warnings) > 0 {
		fmt.Fprintln(w, "\nWarnings:")
		for _, s := range r.Warnings {
			fmt.Fprintf(w, "- %s\n", s)
		}
	}
}
