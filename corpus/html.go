package corpus

import (
	"fmt"
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// parseHTML reads a web page as a browser saves it (see the package doc):
// the article is the page's main content, without its chrome.
//
// The extractor is this package's own, over golang.org/x/net/html's
// standard-conforming parser: it drops the elements that are never the
// article (by tag, by ARIA role, by class and id words such as "share",
// "related", "cookie", "newsletter"), then takes as the main content the
// deepest element that holds most of the remaining paragraph text, with its
// sibling blocks of prose, and leaves out link lists and short boilerplate
// lines.
func parseHTML(name, text string) (*Article, error) {
	if n := countStartTags(text); n > maxHTMLTags {
		return nil, &ParseError{File: name, Line: 1, Err: fmt.Errorf("%w: a page of more than %d tags", ErrTooLarge, maxHTMLTags)}
	}
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		if strings.Contains(err.Error(), "open stack") {
			err = fmt.Errorf("%w: HTML nested more than 512 elements deep", ErrTooLarge)
		}
		return nil, &ParseError{File: name, Line: 1, Err: err}
	}
	body := findElement(doc, atom.Body)
	if body == nil {
		return nil, &ParseError{File: name, Line: 1, Err: ErrNoText}
	}
	b := newBuilder(name, FormatHTML)
	title := pageTitle(doc, body)

	before := measure(body)
	prune(body, before, before[body].para)
	after := measure(body)
	x := &htmlReader{b: b, m: after, content: mainContent(body, after)}
	b.setTitle(title)
	x.walk(body, x.content[body])
	x.flushLoose()
	if x.takeawaysPending {
		b.a.Warnings = append(b.a.Warnings, `a "Key Takeaways" heading has no list after it`)
	}
	return b.finish(1)
}

// maxHTMLTags bounds the tags of a page, checked before parsing: a long
// article saved with all its chrome has tens of thousands.
const maxHTMLTags = 250_000

// countStartTags counts what looks like a start tag: "<" and a letter.
func countStartTags(text string) int {
	n := 0
	for i := 0; i+1 < len(text); i++ {
		if text[i] == '<' {
			if c := text[i+1] | 0x20; c >= 'a' && c <= 'z' {
				n++
			}
		}
	}
	return n
}

// htmlReader walks the pruned page in document order, adding the blocks of
// the main content as passages, and the Key Takeaways list wherever it is.
type htmlReader struct {
	b       *builder
	m       map[*html.Node]metrics
	content map[*html.Node]bool // the roots of the main content
	// takeawaysPending: a Key Takeaways heading was read, its list not yet.
	takeawaysPending bool
	loose            []string // inline text read directly in a container
}

func (x *htmlReader) walk(n *html.Node, inContent bool) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			if inContent {
				x.loose = append(x.loose, c.Data)
			}
			continue
		case html.ElementNode:
		default:
			continue
		}
		in := inContent || x.content[c]
		switch c.DataAtom {
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			x.flushLoose()
			text := normalizeSpace(textOf(c))
			switch {
			case isTakeawaysTitle(text):
				x.startTakeaways()
			case !in:
			case c.DataAtom == atom.H1 && x.b.setTitle(text):
			case c.DataAtom == atom.H1 && text == x.b.a.Title:
				// The headline again, in the content.
			default:
				x.b.setSection(text)
			}
		case atom.P, atom.Pre:
			x.flushLoose()
			text := normalizeSpace(textOf(c))
			if isTakeawaysTitle(text) {
				x.startTakeaways()
				continue
			}
			if in && x.prose(c, text) {
				x.takeawaysPending = false
				x.b.passage(text)
			}
		case atom.Ul, atom.Ol, atom.Dl:
			x.flushLoose()
			if x.takeawaysPending {
				x.takeawaysPending = false
				for _, it := range listItems(c) {
					x.b.takeaway(textOf(it))
				}
				continue
			}
			if in && x.m[c].linkDensity() < 0.5 {
				var items []string
				for _, it := range listItems(c) {
					items = append(items, textOf(it))
				}
				x.b.passage(listText(items))
			}
		case atom.Blockquote:
			x.flushLoose()
			if in {
				x.b.passage(textOf(c))
			}
		case atom.Table:
			x.flushLoose() // tables are data, not prose: left out
		case atom.Br:
			if in && c.PrevSibling != nil && c.PrevSibling.Type == html.ElementNode && c.PrevSibling.DataAtom == atom.Br {
				x.flushLoose() // <br><br>: a paragraph break
			} else if in {
				x.loose = append(x.loose, " ")
			}
		default:
			if isInline(c.DataAtom) {
				if in {
					x.loose = append(x.loose, textOf(c))
				}
				continue
			}
			x.flushLoose()
			if isTakeawaysTitle(ownText(c)) {
				// <div>Key takeaways<ul>…</ul></div> and its like: the
				// heading's few words make no passage of their own.
				x.startTakeaways()
			}
			x.walk(c, in)
			x.flushLoose()
		}
	}
}

func (x *htmlReader) startTakeaways() {
	if len(x.b.a.Takeaways) > 0 {
		return // a second box of the same list (some pages repeat it): read once
	}
	x.b.a.PassagesBeforeTakeaways = len(x.b.a.Passages)
	x.b.section = ""
	x.takeawaysPending = true
}

// prose reports whether a paragraph of the content reads as the article:
// not mostly links ("Read more: …"), not a boilerplate line.
func (x *htmlReader) prose(p *html.Node, text string) bool {
	return text != "" && x.m[p].linkDensity() < 0.5 && !looksLikeChrome(text)
}

// flushLoose adds the inline text read directly in a container as a
// passage, when it says more than a few words.
func (x *htmlReader) flushLoose() {
	if len(x.loose) == 0 {
		return
	}
	text := normalizeSpace(strings.Join(x.loose, ""))
	x.loose = x.loose[:0]
	if len(strings.Fields(text)) >= 5 && !looksLikeChrome(text) {
		x.takeawaysPending = false
		x.b.passage(text)
	}
}

// metrics are what the extractor knows of an element's text.
type metrics struct {
	text, link int  // characters of text, and of text inside links
	para       int  // characters of text in its paragraphs, outside links
	takeaways  bool // it holds a Key Takeaways heading
}

func (m metrics) linkDensity() float64 {
	if m.text == 0 {
		return 0
	}
	return float64(m.link) / float64(m.text)
}

// measure computes the metrics of every element under root, bottom up.
func measure(root *html.Node) map[*html.Node]metrics {
	m := make(map[*html.Node]metrics)
	var visit func(n *html.Node, inLink, inPara bool) metrics
	visit = func(n *html.Node, inLink, inPara bool) metrics {
		var sum metrics
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				l := len(strings.TrimSpace(c.Data))
				sum.text += l
				if inLink {
					sum.link += l
				} else if inPara {
					sum.para += l
				}
			case html.ElementNode:
				if neverContent[c.DataAtom] {
					continue
				}
				cm := visit(c, inLink || c.DataAtom == atom.A, inPara || c.DataAtom == atom.P || c.DataAtom == atom.Pre || c.DataAtom == atom.Blockquote)
				sum.text += cm.text
				sum.link += cm.link
				sum.para += cm.para
				sum.takeaways = sum.takeaways || cm.takeaways
			}
		}
		if !sum.takeaways && n != root && headingLike(n) && isTakeawaysTitle(ownText(n)) {
			sum.takeaways = true
		}
		m[n] = sum
		return sum
	}
	visit(root, false, false)
	return m
}

// neverContent are the elements whose text is never the article's.
var neverContent = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Svg: true,
	atom.Math: true, atom.Canvas: true, atom.Iframe: true, atom.Object: true, atom.Embed: true,
	atom.Video: true, atom.Audio: true, atom.Picture: true, atom.Img: true, atom.Map: true,
	atom.Form: true, atom.Button: true, atom.Input: true, atom.Select: true, atom.Textarea: true,
	atom.Label: true, atom.Dialog: true, atom.Menu: true, atom.Link: true, atom.Meta: true,
	atom.Head: true, atom.Title: true,
}

// chromeElements are the elements that are a page's chrome around its
// article, unless they hold most of the page's paragraph text.
var chromeElements = map[atom.Atom]bool{
	atom.Nav: true, atom.Header: true, atom.Footer: true, atom.Aside: true,
	atom.Figure: true, atom.Figcaption: true,
}

var chromeRoles = map[string]bool{
	"navigation": true, "banner": true, "contentinfo": true, "complementary": true, "search": true,
	"dialog": true, "alertdialog": true, "menu": true, "menubar": true, "toolbar": true, "tablist": true,
	"button": true, "alert": true, "status": true, "figure": true,
}

// chromeWord matches a word of a class or id that names page chrome: a
// whole short word ("ad", "nav"), or the start of a longer one
// ("sharebar", "newsletter-box").
var chromeWord = regexp.MustCompile(`^(?:` +
	`(?:ad|ads|adv|nav|toc|tag|tags|more|hide|hidden|print|skip|jump|menu|follow|login|search|alert|notice|meta|topics)$|` +
	`cookie|consent|gdpr|privacy|banner|share|sharing|social|related|recommend|newsletter|subscri|signup|` +
	`promo|advert|sponsor|outbrain|taboola|comment|breadcrumb|navbar|navigation|masthead|sidebar|widget|` +
	`popup|modal|overlay|byline|dateline|timestamp|toolbar|paywall|caption|credit|trending|popular|` +
	`author|disclaimer|donate|signin|register|flyout|tooltip|footer|header|readmore|morestories|` +
	`editsection|reflist|references$` +
	`)`)

var classSplit = regexp.MustCompile(`[^a-zA-Z0-9]+|([a-z0-9])([A-Z])`)

// chromeByAttr reports whether an element's attributes say it is chrome:
// hidden, an ARIA role of navigation and the like, or a class or id word.
func chromeByAttr(n *html.Node) bool {
	for _, a := range n.Attr {
		switch strings.ToLower(a.Key) {
		case "hidden":
			return true
		case "aria-hidden":
			if strings.EqualFold(a.Val, "true") {
				return true
			}
		case "style":
			s := strings.ToLower(strings.ReplaceAll(a.Val, " ", ""))
			if strings.Contains(s, "display:none") || strings.Contains(s, "visibility:hidden") {
				return true
			}
		case "role":
			if chromeRoles[strings.ToLower(strings.TrimSpace(a.Val))] {
				return true
			}
		case "class", "id":
			for _, w := range strings.Fields(classSplit.ReplaceAllString(a.Val, "$1 $2")) {
				if chromeWord.MatchString(strings.ToLower(w)) {
					return true
				}
			}
		}
	}
	return false
}

// prune removes the page's chrome from under root: elements that are never
// content, and chrome by tag or attributes, unless such an element holds
// the Key Takeaways or half the page's paragraph text (a class word such
// as "content-with-sidebar" can sit on the article itself).
func prune(root *html.Node, m map[*html.Node]metrics, total int) {
	var next *html.Node
	for c := root.FirstChild; c != nil; c = next {
		next = c.NextSibling
		switch c.Type {
		case html.CommentNode, html.DoctypeNode:
			root.RemoveChild(c)
			continue
		case html.ElementNode:
		default:
			continue
		}
		if neverContent[c.DataAtom] {
			root.RemoveChild(c)
			continue
		}
		if (chromeElements[c.DataAtom] || chromeByAttr(c)) && !m[c].takeaways && 2*m[c].para < total {
			root.RemoveChild(c)
			continue
		}
		prune(c, m, total)
	}
}

// mainContent chooses the page's main content: the deepest element that
// holds at least 70% of the paragraph text under body, and those of its
// siblings that are prose (some paragraph text, few links).
func mainContent(body *html.Node, m map[*html.Node]metrics) map[*html.Node]bool {
	total := m[body].para
	cand := body
	for descended := true; descended; {
		descended = false
		for c := cand.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && 10*m[c].para >= 7*total && total > 0 {
				cand, descended = c, true
				break
			}
		}
	}
	content := map[*html.Node]bool{cand: true}
	if cand == body {
		return content
	}
	for s := cand.Parent.FirstChild; s != nil; s = s.NextSibling {
		if s.Type == html.ElementNode && m[s].para >= 80 && m[s].linkDensity() < 0.3 {
			content[s] = true
		}
	}
	return content
}

// pageTitle is the article's headline: the page's <h1> that its <title>
// contains (a site's logo can be an <h1> too), or else the first <h1> in an
// <article> or <main>, the first <h1>, og:title, or <title> without the
// site's name after a separator.
func pageTitle(doc, body *html.Node) string {
	var title, ogTitle string
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.DataAtom {
		case atom.Title:
			if title == "" {
				title = normalizeSpace(textOf(n))
			}
		case atom.Meta:
			if attr(n, "property") == "og:title" || attr(n, "name") == "og:title" {
				ogTitle = normalizeSpace(attr(n, "content"))
			}
		}
	}
	var first, inArticle, inTitle string
	for n := range body.Descendants() {
		if n.Type != html.ElementNode || n.DataAtom != atom.H1 {
			continue
		}
		h := normalizeSpace(textOf(n))
		if h == "" {
			continue
		}
		if len(h) > len(inTitle) && strings.Contains(strings.ToLower(title), strings.ToLower(h)) {
			inTitle = h // the longest: the headline, not the site's name
		}
		if first == "" {
			first = h
		}
		if inArticle == "" {
			for p := n.Parent; p != nil; p = p.Parent {
				if p.DataAtom == atom.Article || p.DataAtom == atom.Main {
					inArticle = h
					break
				}
			}
		}
	}
	for _, t := range []string{inTitle, inArticle, first, ogTitle} {
		if t != "" {
			return t
		}
	}
	for _, sep := range []string{" | ", " – ", " — ", " - ", " :: "} {
		if i := strings.LastIndex(title, sep); i > 0 && len(title[:i]) >= 10 {
			return strings.TrimSpace(title[:i])
		}
	}
	return title
}

func findElement(n *html.Node, a atom.Atom) *html.Node {
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && d.DataAtom == a {
			return d
		}
	}
	return nil
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

// listItems are a list's items (<li>, or <dt> and <dd>).
func listItems(list *html.Node) []*html.Node {
	var items []*html.Node
	for c := list.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == atom.Li || c.DataAtom == atom.Dt || c.DataAtom == atom.Dd) {
			items = append(items, c)
		}
	}
	return items
}

// textOf is the text of an element, with a space where a block inside it
// begins or ends; invisible characters are dropped.
func textOf(n *html.Node) string {
	var sb strings.Builder
	var visit func(*html.Node)
	visit = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				sb.WriteString(c.Data)
			case html.ElementNode:
				if neverContent[c.DataAtom] {
					continue
				}
				block := !isInline(c.DataAtom)
				if block {
					sb.WriteByte(' ')
				}
				visit(c)
				if block {
					sb.WriteByte(' ')
				}
			}
		}
	}
	visit(n)
	return invisible.Replace(sb.String())
}

// ownText is the text directly in an element and its inline children, or
// its first 100 bytes and more: enough to tell a heading.
func ownText(n *html.Node) string {
	var sb strings.Builder
	for c := n.FirstChild; c != nil && sb.Len() <= 100; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode:
			sb.WriteString(c.Data)
		case c.Type == html.ElementNode && isInline(c.DataAtom):
			sb.WriteString(textOf(c))
		}
	}
	return invisible.Replace(sb.String())
}

var invisible = strings.NewReplacer("\u00ad", "", "\u200b", "", "\ufeff", "", "\u2060", "")

// headingLike reports whether an element can be a heading: a heading, or
// a paragraph, a block or an emphasis that can stand for one.
func headingLike(n *html.Node) bool {
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.P, atom.Div, atom.Strong, atom.B,
		atom.Span, atom.Header, atom.Summary, atom.Dt:
		return true
	}
	return false
}

func isInline(a atom.Atom) bool {
	switch a {
	case atom.A, atom.Abbr, atom.B, atom.Bdi, atom.Bdo, atom.Cite, atom.Code, atom.Data, atom.Dfn, atom.Em,
		atom.I, atom.Kbd, atom.Mark, atom.Q, atom.Rp, atom.Rt, atom.Ruby, atom.S, atom.Samp, atom.Small,
		atom.Span, atom.Strong, atom.Sub, atom.Sup, atom.Time, atom.U, atom.Var, atom.Wbr, atom.Del,
		atom.Ins, atom.Font, atom.Big, atom.Tt, atom.Strike, atom.Nobr:
		return true
	}
	return false
}
