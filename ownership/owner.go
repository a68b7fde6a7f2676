package ownership

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ReplyUserID is a Reply user (a team member), identified by Reply's integer
// userId. Valid IDs are positive; the zero value means "no Reply owner".
type ReplyUserID int64

// ErrInvalidReplyUserID is matched, with errors.Is, by every error that
// ParseReplyUserID returns.
var ErrInvalidReplyUserID = errors.New("invalid Reply user id")

// ParseReplyUserID parses a decimal Reply userId. Surrounding spaces, signs
// other than none, and values below 1 are errors wrapping
// ErrInvalidReplyUserID.
func ParseReplyUserID(s string) (ReplyUserID, error) {
	if s == "" || s[0] == '+' || s[0] == '-' {
		return 0, fmt.Errorf("%w %q: want a positive integer", ErrInvalidReplyUserID, s)
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("%w %q: want a positive integer", ErrInvalidReplyUserID, s)
	}
	return ReplyUserID(n), nil
}

// Valid reports whether id is a possible Reply userId (positive).
func (id ReplyUserID) Valid() bool { return id > 0 }

// String returns the decimal userId.
func (id ReplyUserID) String() string { return strconv.FormatInt(int64(id), 10) }

// Direction is the direction of a sync step. The zero value,
// DirectionUnspecified, is invalid: every step must say its direction.
type Direction uint8

// The directions. Their text forms ("salesforce_to_reply",
// "reply_to_salesforce") are stable and used in JSON.
const (
	DirectionUnspecified Direction = iota
	// SalesforceToReply: records flow from Salesforce into Reply; a mapping
	// is a function from Salesforce owner to Reply owner.
	SalesforceToReply
	// ReplyToSalesforce: records flow from Reply into Salesforce; a mapping
	// is a function from Reply owner to Salesforce owner.
	ReplyToSalesforce
)

// ErrInvalidDirection is matched, with errors.Is, by every error that
// ParseDirection returns.
var ErrInvalidDirection = errors.New("invalid direction")

// ParseDirection parses "salesforce_to_reply" or "reply_to_salesforce".
func ParseDirection(s string) (Direction, error) {
	switch s {
	case "salesforce_to_reply":
		return SalesforceToReply, nil
	case "reply_to_salesforce":
		return ReplyToSalesforce, nil
	}
	return DirectionUnspecified, fmt.Errorf("%w %q: want salesforce_to_reply or reply_to_salesforce", ErrInvalidDirection, s)
}

// String returns the stable text form; DirectionUnspecified returns
// "unspecified".
func (d Direction) String() string {
	switch d {
	case SalesforceToReply:
		return "salesforce_to_reply"
	case ReplyToSalesforce:
		return "reply_to_salesforce"
	case DirectionUnspecified:
		return "unspecified"
	}
	return "Direction(" + strconv.Itoa(int(d)) + ")"
}

// Arrow returns "Salesforce → Reply" or "Reply → Salesforce", for people.
func (d Direction) Arrow() string {
	switch d {
	case SalesforceToReply:
		return "Salesforce → Reply"
	case ReplyToSalesforce:
		return "Reply → Salesforce"
	}
	return d.String()
}

// Valid reports whether d is one of the two directions.
func (d Direction) Valid() bool { return d == SalesforceToReply || d == ReplyToSalesforce }

// Reverse returns the other direction; DirectionUnspecified stays so.
func (d Direction) Reverse() Direction {
	switch d {
	case SalesforceToReply:
		return ReplyToSalesforce
	case ReplyToSalesforce:
		return SalesforceToReply
	}
	return d
}

// MarshalText returns the stable text form. DirectionUnspecified is an
// error, so that an unset direction is never written as if it were one.
func (d Direction) MarshalText() ([]byte, error) {
	if !d.Valid() {
		return nil, fmt.Errorf("%w: %s", ErrInvalidDirection, d)
	}
	return []byte(d.String()), nil
}

// UnmarshalText parses the stable text form, as ParseDirection does.
func (d *Direction) UnmarshalText(text []byte) error {
	v, err := ParseDirection(string(text))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Pair is one ownership pair: a Salesforce owner and a Reply owner. What a
// pair means depends on its step's direction: Salesforce → Reply, records
// owned by Salesforce go to Reply; Reply → Salesforce, the reverse.
type Pair struct {
	Salesforce SalesforceID `json:"salesforce_owner"`
	Reply      ReplyUserID  `json:"reply_owner"`
}

// String returns "SALESFORCE ↔ REPLY", with the 18-character form.
func (p Pair) String() string { return p.Salesforce.String() + " ↔ " + p.Reply.String() }

// Source returns the owner on the side records come from in direction d,
// as the text people read (an 18-character ID or a userId).
func (p Pair) Source(d Direction) string {
	if d == ReplyToSalesforce {
		return p.Reply.String()
	}
	return p.Salesforce.String()
}

// Target returns the owner on the side records go to in direction d, as
// text.
func (p Pair) Target(d Direction) string {
	if d == ReplyToSalesforce {
		return p.Salesforce.String()
	}
	return p.Reply.String()
}

// SalesforceUser is a Salesforce User as a directory lists it.
type SalesforceUser struct {
	ID     SalesforceID `json:"id"`
	Name   string       `json:"name,omitempty"`
	Email  string       `json:"email,omitempty"`
	Active bool         `json:"active"`
}

// Queue is a Salesforce queue (a Group whose Type is Queue) and the objects
// it may own, by API name (from QueueSobject). A nil Objects means "not
// known"; an empty, non-nil Objects means "none".
type Queue struct {
	ID      SalesforceID `json:"id"`
	Name    string       `json:"name,omitempty"`
	Email   string       `json:"email,omitempty"`
	Objects []string     `json:"objects"`
}

// MayOwn reports whether the queue may own records of object (compared
// case-insensitively, as Salesforce API names are).
func (q Queue) MayOwn(object string) bool {
	for _, o := range q.Objects {
		if strings.EqualFold(o, object) {
			return true
		}
	}
	return false
}

// ReplyMember is a member of a Reply team as a directory lists it.
type ReplyMember struct {
	ID     ReplyUserID `json:"id"`
	Email  string      `json:"email,omitempty"`
	Name   string      `json:"name,omitempty"`
	Active bool        `json:"active"`
	// IntegrationEnabled reports whether the member has the Salesforce
	// integration enabled on their own account.
	IntegrationEnabled bool `json:"integration_enabled"`
}

// WorkspaceMode is how a Reply workspace is set up for a team. The zero
// value, WorkspaceUnknown, means the mode is not known.
type WorkspaceMode uint8

// The workspace modes. Their text forms ("team_edition", "private_mode") are
// stable and used in JSON.
const (
	WorkspaceUnknown WorkspaceMode = iota
	// TeamEdition: Team Edition is enabled for the team.
	TeamEdition
	// PrivateMode: the workspace is in Private mode.
	PrivateMode
)

// String returns "team_edition", "private_mode" or "unknown".
func (m WorkspaceMode) String() string {
	switch m {
	case TeamEdition:
		return "team_edition"
	case PrivateMode:
		return "private_mode"
	case WorkspaceUnknown:
		return "unknown"
	}
	return "WorkspaceMode(" + strconv.Itoa(int(m)) + ")"
}

// MarshalText returns the stable text form.
func (m WorkspaceMode) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText parses "team_edition", "private_mode", or "unknown" or the
// empty text (WorkspaceUnknown).
func (m *WorkspaceMode) UnmarshalText(text []byte) error {
	switch string(text) {
	case "team_edition":
		*m = TeamEdition
	case "private_mode":
		*m = PrivateMode
	case "unknown", "":
		*m = WorkspaceUnknown
	default:
		return fmt.Errorf("invalid workspace mode %q: want team_edition or private_mode", text)
	}
	return nil
}

// NormalizeEmail returns email trimmed of surrounding white space and
// lower-cased, the form in which two directory emails are compared.
func NormalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }
