package bot

import (
	"errors"
	"fmt"
	"hash/fnv"
	"strings"
	"unicode"

	"github.com/bwmarrin/discordgo"

	"github.com/articlebot/articlebot/quiz"
)

// This file renders /quiz and judges its answer buttons. A quiz is
// regenerated from the seed and takeaway its buttons carry (see
// customid.go), so judging needs no state: the right position is worked out
// again for each click, and each member who clicks gets a verdict only they
// see.

// quizChoices is the number of answer buttons under a quiz.
const quizChoices = quiz.NumChoices

// choiceLetters label the answer buttons.
var choiceLetters = [quizChoices]string{"A", "B", "C", "D"}

// Quiz colours.
const (
	colorQuiz  = 0xEB459E // fuchsia: a question for the group
	colorRight = 0x57F287 // green
	colorWrong = 0xED4245 // red
)

// Texts of the quiz's notices.
const (
	msgQuizHint  = "Pick the answer that fills the blank: only you will see whether you're right."
	msgStaleQuiz = "This quiz is from an older version of the article or of me, so I can't check it any more. Run `/quiz` for a fresh one."
	msgNoQuiz    = "I couldn't make a quiz question from the article. Try `/ask` instead."
)

// quizSeed derives a quiz's seed from the interaction that asked for it: a
// new question for each /quiz, the same one however often it is computed.
func quizSeed(interactionID string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(interactionID))
	return h.Sum32()
}

// quizQuestion renders /quiz: the sentence with its blank, in public, and
// one button for each choice.
func (v *view) quizQuestion(rq request) Reply {
	q, err := v.quiz().Question(rq.quiz.seed, rq.quiz.takeaway)
	if errors.Is(err, quiz.ErrNoQuestion) {
		msg := msgNoQuiz
		if rq.quiz.takeaway != 0 {
			msg = fmt.Sprintf("I couldn't make a quiz question from the passages behind key takeaway %d. Try `/quiz` without a takeaway.", rq.quiz.takeaway)
		}
		return Reply{Response: notice(msg), Outcome: OutcomeRejected}
	}
	if err != nil {
		return Reply{Outcome: OutcomeFailed, Err: fmt.Errorf("quiz %d/%d: %w", rq.quiz.seed, rq.quiz.takeaway, err)}
	}
	e := &discordgo.MessageEmbed{
		Title:       quizTitle(q),
		Description: v.quizDescription(q),
		Color:       colorQuiz,
		Footer:      v.footer(),
	}
	buttons := make([]discordgo.MessageComponent, len(q.Choices))
	for k, c := range q.Choices {
		ref := quizRef{seed: q.Seed, takeaway: q.Takeaway, choice: k}
		buttons[k] = discordgo.Button{
			Label:    clip(choiceLetters[k]+" · "+cleanText(c), maxButtonLabel),
			Style:    discordgo.PrimaryButton,
			CustomID: customID{action: actionQuiz, quiz: ref, article: v.id}.String(),
		}
	}
	return Reply{Response: message(false, "", []*discordgo.MessageEmbed{e}, row(buttons...)), Outcome: OutcomeAnswered}
}

func quizTitle(q quiz.Question) string {
	if q.Takeaway != 0 {
		return fmt.Sprintf("🧠 Quiz on key takeaway %d: fill in the blank", q.Takeaway)
	}
	return "🧠 Quiz: fill in the blank"
}

// quizDescription is the quiz's sentence, quoted, with its blanks, and how
// to answer. A click compares it with the message it is on, to tell a quiz
// made by an older version apart.
func (v *view) quizDescription(q quiz.Question) string {
	hint := "\n\n*" + msgQuizHint + "*"
	return "> " + v.quizSentence(q, false, maxEmbedDescription/2) + hint
}

// quizSentence renders a quiz's sentence: with bold blanks, or filled with
// the answer in bold.
func (v *view) quizSentence(q quiz.Question, filled bool, limit int) string {
	pieces := make([]piece, 0, 2*len(q.Parts))
	for k, part := range q.Parts {
		pieces = append(pieces, piece{text: cleanSpacing(part)})
		if k < len(q.Fills) {
			fill := quiz.Blank
			if filled {
				fill = q.Fills[k]
			}
			pieces = append(pieces, piece{text: cleanSpacing(fill), bold: true})
		}
	}
	return formatText(limit, pieces...)
}

// sameText reports whether two renderings of a message are the same but
// for white space, which Discord may trim.
func sameText(a, b string) bool {
	squash := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) {
				return -1
			}
			return r
		}, s)
	}
	return squash(a) == squash(b)
}

// quizVerdict judges one member's click on a quiz: right or wrong, the
// answer, and the sentence that holds it, citing its passage, for that
// member alone.
func (v *view) quizVerdict(rq request) Reply {
	q, err := v.quiz().Question(rq.quiz.seed, rq.quiz.takeaway)
	if err != nil || (rq.shown != "" && !sameText(rq.shown, v.quizDescription(q))) {
		return Reply{Response: notice(msgStaleQuiz), Outcome: OutcomeRejected}
	}
	answer := escape(cleanText(q.Choices[q.Answer]), maxChoiceShown)
	e := &discordgo.MessageEmbed{Color: colorRight, Footer: v.footer()}
	if q.Correct(rq.quiz.choice) {
		e.Title = "✅ Right!"
		e.Description = fmt.Sprintf("**%s** fills the blank.", answer)
	} else {
		e.Title = "❌ Not quite"
		e.Color = colorWrong
		e.Description = fmt.Sprintf("You picked **%s**; the answer is **%s**.",
			escape(cleanText(q.Choices[rq.quiz.choice]), maxChoiceShown), answer)
	}
	e.Fields = []*discordgo.MessageEmbedField{{
		Name:  fmt.Sprintf("📖 Passage %d", q.Passage),
		Value: "> " + v.quizSentence(q, true, maxFieldValue-len("> ")),
	}}
	if t, ok := v.article.Takeaway(q.Takeaway); ok {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{
			Name:  fmt.Sprintf("💡 Key takeaway %d", t.Number),
			Value: escape(cleanText(t.Text), maxFieldValue),
		})
	}
	read := discordgo.Button{Label: fmt.Sprintf("Read passage %d", q.Passage), Style: discordgo.SecondaryButton, CustomID: v.buttonID(actionRead, q.Passage)}
	return Reply{Response: message(true, "", []*discordgo.MessageEmbed{e}, row(read)), Outcome: OutcomeAnswered}
}

// maxChoiceShown caps a choice quoted in a verdict; choices are short.
const maxChoiceShown = 200

// takeawayRange is the notice for a takeaway number that doesn't exist.
func (v *view) takeawayRange() string {
	if len(v.article.Takeaways) == 0 {
		return "This article has no key takeaways; try `/quiz` without one."
	}
	return fmt.Sprintf("This article has key takeaways 1 to %d: see `/takeaways`, or try `/quiz` without one.", len(v.article.Takeaways))
}
