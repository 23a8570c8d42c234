package bot

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Buttons keep no state in memory: everything a click needs is in the
// button's custom_id or in the message the button is attached to, so a click
// works after a restart and on any instance. A custom_id is an action and
// one decimal argument, "action:n":
//
//	more:3   "More excerpts" under an /ask answer: the excerpts after the
//	         first 3; the question is the title of the message's embed.
//	read:6   "Read passage 6": the whole passage, in a new ephemeral message.
//	page:5   "Previous" or "Next" under a passage: show passage 5 in place of
//	         the one the message shows.
//
// Later actions (a quiz's answers, say) add a name here; an unknown or
// malformed custom_id gets a friendly "run the command again" reply.
const (
	actionMore = "more"
	actionRead = "read"
	actionPage = "page"
)

// maxCustomIDArg bounds the argument of a custom_id, far above any passage
// count or excerpt offset, so that parsing cannot overflow.
const maxCustomIDArg = 99999

// customID is a parsed button custom_id.
type customID struct {
	action string
	n      int
}

// String formats the custom_id; it is always far within maxCustomID.
func (c customID) String() string {
	return c.action + ":" + strconv.Itoa(c.n)
}

var errBadCustomID = errors.New("malformed custom_id")

// parseCustomID parses a custom_id made by customID.String. It accepts
// exactly that form: a known action, a colon, and a decimal number from 0
// to maxCustomIDArg without sign or leading zeros.
func parseCustomID(s string) (customID, error) {
	action, arg, ok := strings.Cut(s, ":")
	if !ok || len(s) > maxCustomID {
		return customID{}, fmt.Errorf("%w %q", errBadCustomID, s)
	}
	switch action {
	case actionMore, actionRead, actionPage:
	default:
		return customID{}, fmt.Errorf("%w %q: unknown action", errBadCustomID, s)
	}
	n, err := strconv.Atoi(arg)
	if err != nil || n < 0 || n > maxCustomIDArg || strconv.Itoa(n) != arg {
		return customID{}, fmt.Errorf("%w %q: bad number", errBadCustomID, s)
	}
	return customID{action: action, n: n}, nil
}
