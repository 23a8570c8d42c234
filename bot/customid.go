package bot

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/articlebot/articlebot/library"
)

// Buttons and menus keep no state in memory: everything a click needs is in
// the component's custom_id or in the message it is attached to, so a click
// works after a restart and on any instance. A custom_id is an action and
// decimal arguments separated by colons, "action:n":
//
//	more:3      "More excerpts" under an /ask answer: the excerpts after the
//	            first 3; the question is the title of the message's embed.
//	read:6      "Read passage 6": the whole passage, in a new ephemeral message.
//	page:5      "Previous" or "Next" under a passage: show passage 5 in place of
//	            the one the message shows.
//	share:0     "Post in channel" under an answer only its asker sees: post the
//	            answer's excerpts from 0 on publicly; the question is the
//	            title of the message's embed.
//	takeaway:1  the menu under /takeaways whose options are takeaways 1 to 25
//	            (the option chosen is the takeaway to open); a second menu
//	            for takeaways 26 on would be takeaway:26.
//	quiz:S:T:C  one answer button under a /quiz question: seed S (0 to
//	            2^32-1), takeaway T (0 for the whole article) and the
//	            position C (0 to 3) of the button.
//
// A quiz's buttons differ only in their position C: which position is right
// is decided by regenerating the question from S and T (package quiz), so it
// is not in the message or in any custom_id. An unknown or malformed
// custom_id gets a friendly "run the command again" reply.
//
// A component of an article of a server's library ends with the article's
// ID (library.IDLen characters of [a-z2-7]): "read:6:k3j4h5g6f7d2",
// "quiz:S:T:C:k3j4h5g6f7d2". One of the default article (the bundled one,
// or --article) has none, which is also how every component made before
// libraries reads. The ID is looked up in the library of the server the
// click comes from, so a custom_id naming another server's article is
// refused like a removed one.
const (
	actionMore     = "more"
	actionRead     = "read"
	actionPage     = "page"
	actionShare    = "share"
	actionTakeaway = "takeaway"
	actionQuiz     = "quiz"
)

// maxCustomIDArg bounds the argument of a custom_id, far above any passage
// count or excerpt offset, so that parsing cannot overflow.
const maxCustomIDArg = 99999

// customID is a parsed custom_id.
type customID struct {
	action  string
	n       int     // the argument of every action but quiz
	quiz    quizRef // actionQuiz only
	article string  // the library article's ID; "" for the default article
}

// quizRef is what a quiz answer button carries.
type quizRef struct {
	seed     uint32
	takeaway int
	choice   int
}

// String formats the custom_id; it is always far within maxCustomID (the
// longest, a quiz's of a library article, is 39 characters).
func (c customID) String() string {
	var s string
	if c.action == actionQuiz {
		s = c.action + ":" + strconv.FormatUint(uint64(c.quiz.seed), 10) + ":" + strconv.Itoa(c.quiz.takeaway) + ":" + strconv.Itoa(c.quiz.choice)
	} else {
		s = c.action + ":" + strconv.Itoa(c.n)
	}
	if c.article != "" {
		s += ":" + c.article
	}
	return s
}

var errBadCustomID = errors.New("malformed custom_id")

// parseCustomID parses a custom_id made by customID.String. It accepts
// exactly that form: a known action, and decimal numbers without sign or
// leading zeros, each in its range: one from 0 to maxCustomIDArg for every
// action but quiz, three for quiz.
func parseCustomID(s string) (customID, error) {
	if len(s) > maxCustomID {
		return customID{}, fmt.Errorf("%w: %d characters", errBadCustomID, len(s))
	}
	action, rest, ok := strings.Cut(s, ":")
	if !ok {
		return customID{}, fmt.Errorf("%w %q", errBadCustomID, s)
	}
	args := strings.Split(rest, ":")
	var article string
	if n := len(args); n > 1 && library.ValidID(args[n-1]) {
		article, args = args[n-1], args[:n-1]
	}
	switch action {
	case actionMore, actionRead, actionPage, actionShare, actionTakeaway:
		if len(args) != 1 {
			return customID{}, fmt.Errorf("%w %q: want one number", errBadCustomID, s)
		}
		n, ok := parseArg(args[0], maxCustomIDArg)
		if !ok {
			return customID{}, fmt.Errorf("%w %q: bad number", errBadCustomID, s)
		}
		return customID{action: action, n: int(n), article: article}, nil
	case actionQuiz:
		if len(args) != 3 {
			return customID{}, fmt.Errorf("%w %q: want seed, takeaway and choice", errBadCustomID, s)
		}
		seed, ok1 := parseArg(args[0], math.MaxUint32)
		takeaway, ok2 := parseArg(args[1], maxCustomIDArg)
		choice, ok3 := parseArg(args[2], quizChoices-1)
		if !ok1 || !ok2 || !ok3 {
			return customID{}, fmt.Errorf("%w %q: bad number", errBadCustomID, s)
		}
		return customID{action: action, quiz: quizRef{seed: uint32(seed), takeaway: int(takeaway), choice: int(choice)}, article: article}, nil
	}
	return customID{}, fmt.Errorf("%w %q: unknown action", errBadCustomID, s)
}

// parseArg parses a decimal number from 0 to limit, without sign or
// leading zeros.
func parseArg(s string, limit uint64) (uint64, bool) {
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || n > limit || strconv.FormatUint(n, 10) != s {
		return 0, false
	}
	return n, true
}
