package corpus

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseHTML(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		page      string
		title     string
		passages  []section
		takeaways []string
	}{
		{
			name: "title, sections, entities",
			page: `<!doctype html><html><head><title>Trees &amp; us | Site</title></head><body>
				<article><h1>Trees &amp; us</h1><p>Intro&nbsp;para &mdash; with &ldquo;quotes&rdquo; &#38; more.</p>
				<h2>What trees do</h2><p>They make <em>shade</em> and <a href="/x">store</a> carbon.</p>
				<h3>Roots</h3><p>Roots<br>hold soil.</p></article></body></html>`,
			title:    "Trees & us",
			passages: []section{{"", "Intro para — with “quotes” & more."}, {"What trees do", "They make shade and store carbon."}, {"Roots", "Roots hold soil."}},
		},
		{
			name:     "the title from <title> without the site's name",
			page:     `<html><head><title>How bees find flowers - The Daily Bee</title></head><body><p>Bees dance to tell each other where flowers are.</p></body></html>`,
			title:    "How bees find flowers",
			passages: []section{{"", "Bees dance to tell each other where flowers are."}},
		},
		{
			name: "blockquotes and lists are passages; tables, figures and scripts are not",
			page: `<html><body><main><p>Intro paragraph of the article.</p>
				<blockquote><p>A quoted line.</p><p>And another.</p></blockquote>
				<figure><img src=a.png><figcaption>A caption</figcaption></figure>
				<ul><li>cut the wood</li><li>paint it</li></ul>
				<table><tr><td>1</td><td>2</td></tr></table><script>document.write("<p>no</p>")</script><style>p{}</style>
				<p>Closing paragraph.</p></main></body></html>`,
			title:    "Test",
			passages: []section{{"", "Intro paragraph of the article."}, {"", "A quoted line. And another."}, {"", "cut the wood; paint it"}, {"", "Closing paragraph."}},
		},
		{
			name: "chrome is left out",
			page: `<html><body>
				<div class="cookie-banner"><p>We use cookies to improve your experience. Accept all cookies?</p></div>
				<header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
				<div id="content"><p>The first paragraph of the story, long enough to be the story.</p>
				<div class="share-buttons"><a href="#">Share on Facebook</a></div>
				<p>The second paragraph of the story goes on with more of the facts.</p>
				<aside><p>Related: another story that is not this one.</p></aside>
				<p><a href="/more">Read more: the story everyone is reading today</a></p>
				<div class="newsletter"><p>Sign up for our newsletter, every morning in your inbox.</p></div>
				<form><p>Leave a comment</p></form></div>
				<section class="related-stories"><h2>Related stories</h2><p>A teaser for a story that is not this one at all.</p></section>
				<footer><p>© 2025 The Site. All rights reserved.</p></footer></body></html>`,
			title:    "Test",
			passages: []section{{"", "The first paragraph of the story, long enough to be the story."}, {"", "The second paragraph of the story goes on with more of the facts."}},
		},
		{
			name: "takeaways in an aside box, and paragraphs after it",
			page: `<html><body><article><h1>Bees</h1><p>Bees pollinate crops.</p>
				<aside class="key-takeaways"><h3>Key Takeaways</h3><ul><li>Bees matter.</li><li>Plant flowers.</li></ul></aside>
				<p>Closing paragraph.</p></article></body></html>`,
			title:     "Bees",
			passages:  []section{{"", "Bees pollinate crops."}, {"", "Closing paragraph."}},
			takeaways: []string{"Bees matter.", "Plant flowers."},
		},
		{
			name: "takeaways after a bold paragraph",
			page: `<html><body><div class="story"><p>Bees pollinate crops.</p><p><strong>Key takeaways:</strong></p>
				<ol><li>Bees matter.</li></ol></div></body></html>`,
			title:     "Test",
			passages:  []section{{"", "Bees pollinate crops."}},
			takeaways: []string{"Bees matter."},
		},
		{
			name:  "text written in divs with line breaks",
			page:  `<html><body><div class="text">The first paragraph is written straight in a div.<br><br>The second one follows two line breaks later.</div></body></html>`,
			title: "Test",
			passages: []section{
				{"", "The first paragraph is written straight in a div."},
				{"", "The second one follows two line breaks later."},
			},
		},
		{
			name: "a blog post as WordPress writes it",
			page: `<!DOCTYPE html><html><head><title>Why bees dance &#8211; A Garden Blog</title></head><body class="post-template">
				<div id="page" class="site"><a class="skip-link screen-reader-text" href="#content">Skip to content</a>
				<header id="masthead" class="site-header"><p class="site-title"><a href="/">A Garden Blog</a></p>
				<nav id="site-navigation" class="main-navigation"><ul id="primary-menu"><li><a href="/">Home</a></li><li><a href="/about">About</a></li></ul></nav></header>
				<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">
				<article id="post-42" class="post type-post status-publish"><header class="entry-header"><h1 class="entry-title">Why bees dance</h1>
				<div class="entry-meta"><span class="posted-on">Posted on <time>May 2, 2024</time></span> by <span class="author vcard">Ann</span></div></header>
				<div class="entry-content"><p>Honeybees returning to the hive perform a waggle dance that tells the others where the flowers are.</p>
				<h2>Reading the dance<span class="mw-editsection">[edit]</span></h2><p>The angle of the waggle run gives the direction, relative to the sun.</p>
				<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3><ul><li><a href="#">Twitter</a></li><li><a href="#">Facebook</a></li></ul></div>
				</div><footer class="entry-footer"><span class="cat-links">Posted in <a href="/c/bees">Bees</a></span></footer></article>
				<nav class="navigation post-navigation"><a href="/prev">Previous post</a></nav>
				<div id="comments" class="comments-area"><h2 class="comments-title">One thought on "Why bees dance"</h2><ol class="comment-list"><li><p>Lovely post, thank you for writing about the bees in such detail.</p></li></ol></div>
				</main></div><aside id="secondary" class="widget-area"><section class="widget"><h2>Recent posts</h2><ul><li><a href="/a">Another post about gardens and bees</a></li></ul></section></aside></div>
				<footer id="colophon" class="site-footer"><div class="site-info">Proudly powered by WordPress</div></footer></div></body></html>`,
			title: "Why bees dance",
			passages: []section{
				{"", "Honeybees returning to the hive perform a waggle dance that tells the others where the flowers are."},
				{"Reading the dance", "The angle of the waggle run gives the direction, relative to the sun."},
			},
		},
		{
			name: "the main content is the container with most of the prose",
			page: `<html><body><div class="wrap">
				<div class="x1"><p>Teaser one, not the story.</p><p>Teaser two, not the story.</p></div>
				<div class="x2"><p>` + strings.Repeat("The story's first paragraph has many words in it. ", 8) + `</p>
				<p>` + strings.Repeat("The story's second paragraph has many words too. ", 8) + `</p></div></div></body></html>`,
			title: "Test",
			passages: []section{
				{"", strings.TrimSpace(strings.Repeat("The story's first paragraph has many words in it. ", 8))},
				{"", strings.TrimSpace(strings.Repeat("The story's second paragraph has many words too. ", 8))},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, err := Parse("test.html", []byte(tt.page))
			if err != nil {
				t.Fatalf("Parse(%s) error: %v", tt.name, err)
			}
			checkArticle(t, a)
			if a.Title != tt.title || a.Format != FormatHTML {
				t.Errorf("Parse(%s): title %q, format %q; want %q, %q", tt.name, a.Title, a.Format, tt.title, FormatHTML)
			}
			if got := sections(a); !reflect.DeepEqual(got, tt.passages) {
				t.Errorf("Parse(%s) passages =\n%q\nwant\n%q", tt.name, got, tt.passages)
			}
			if got := takeawayTexts(a); !reflect.DeepEqual(got, tt.takeaways) {
				t.Errorf("Parse(%s) takeaways = %q; want %q", tt.name, got, tt.takeaways)
			}
		})
	}
}

func FuzzParseHTML(f *testing.F) {
	f.Add("<!doctype html><title>T | S</title><body><nav>n</nav><article><h1>T</h1><p>Para &amp; more.</p><h2>S</h2><ul><li>a</li></ul><h3>Key Takeaways</h3><ol><li>One.</li></ol><p>After.</p></article><footer>f</footer>")
	f.Add("<html><body><div class=share><p>x</p></div><div>loose text here and there<br><br>more text</div><blockquote>q</blockquote></body></html>")
	f.Add("<p><b><i><a href=x>unclosed")
	f.Add("<table><tr><td><p>cell</p></td></tr></table><svg><p>no</p></svg>")
	f.Fuzz(func(t *testing.T, page string) {
		text, _, err := sniff("fuzz.html", []byte(page))
		if err != nil {
			checkFuzzResult(t, nil, err)
			return
		}
		a, err := parseHTML("fuzz.html", text)
		checkFuzzResult(t, a, err)
	})
}
