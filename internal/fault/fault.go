// Package fault is chronoatlas's error vocabulary: one error type with a
// kind, which the server maps to an HTTP status in one place.
//
// Messages are written for the client: they name the parameter or the thing
// that was wrong, so the client can act on them. Internal errors keep their
// cause for the log and show the client only a generic message.
package fault

import (
	"errors"
	"fmt"
)

// Kind classifies an error.
type Kind string

// The kinds of error.
const (
	Invalid       Kind = "invalid"        // a bad parameter, path or body
	NotFound      Kind = "not_found"      // an unknown collection, feature or route
	NotAcceptable Kind = "not_acceptable" // a format the resource does not have
	NotAllowed    Kind = "not_allowed"    // a method the resource does not take
	Unavailable   Kind = "unavailable"    // overloaded or shutting down
	Unimplemented Kind = "unimplemented"  // a valid request for something not built
	Internal      Kind = "internal"       // a bug or a failure of ours
)

// Error is an error with a kind, the parameter it concerns (if any) and a
// message for the client.
type Error struct {
	Kind    Kind
	Param   string // the query parameter or path part at fault, if any
	Message string
	Err     error // the cause, for the log; never shown to clients
}

// Error returns the message, prefixed with the parameter when there is one.
func (e *Error) Error() string {
	msg := e.Message
	if e.Param != "" {
		msg = e.Param + ": " + msg
	}
	if e.Err != nil && e.Kind == Internal {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an error of the given kind with a formatted message.
func Errorf(kind Kind, format string, args ...any) *Error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

// Param returns an Invalid error about one parameter.
func Param(name, format string, args ...any) *Error {
	return &Error{Kind: Invalid, Param: name, Message: fmt.Sprintf(format, args...)}
}

// Wrap returns an error that keeps err as its cause. When err is or wraps
// an *Error, the result keeps that error's kind, parameter and message, as
// upspin's errors.E does, so a fault passed up through another layer keeps
// its status and what the client is told; the formatted text is then
// left out. Any other error becomes an Internal one with the formatted
// text as its message and err for the log.
func Wrap(err error, format string, args ...any) *Error {
	var e *Error
	if errors.As(err, &e) {
		return &Error{Kind: e.Kind, Param: e.Param, Message: e.Message, Err: err}
	}
	return &Error{Kind: Internal, Message: fmt.Sprintf(format, args...), Err: err}
}

// KindOf returns the kind of err: the kind of the first *Error in its chain,
// or Internal for any other error.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// Message returns what a client may be told about err: the message of an
// *Error that is not internal, or a generic text.
func Message(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Kind != Internal {
		if e.Param != "" {
			return e.Param + ": " + e.Message
		}
		return e.Message
	}
	return "internal error"
}
