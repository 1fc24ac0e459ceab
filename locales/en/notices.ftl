### What a person registered for an event is told, by mail or by direct message on the
### fediverse. $title is the event's, $date its start in its own time zone, $cancel the link
### that cancels, $position the place on the waiting list. $confirm is the confirm line below
### (with a blank line around it) when the place waits for a confirmation, else nothing.

## Subjects

notice_subject_confirm_place = Please confirm your place
notice_subject_confirm_address = Please confirm your address
notice_subject_confirmed = You're in
notice_subject_waitlisted = Waiting list
notice_subject_pending = Registration received
notice_subject_refused = Registration declined
notice_subject_cancelled = Registration cancelled
notice_subject_event_cancelled = Event cancelled
notice_subject_message = Message
notice_subject_already = Already registered

## A place that waits for its confirmation: $deadline, $link

notice_confirm_line =
    Confirm it before { $deadline } by opening this link: { $link }
    Without a confirmation it goes to someone else. If you asked for nothing, ignore this message.

## Held places (web registrations waiting for their confirmation)

notice_held_confirmed = A place is held for you for "{ $title }", { $date }.{ $confirm }To cancel: { $cancel }
notice_held_promoted = A place freed up and is held for you for "{ $title }", { $date }.{ $confirm }To cancel: { $cancel }
notice_held_waitlisted =
    "{ $title }" ({ $date }) is full. Your place on the waiting list, number { $position }, is held for you.{ $confirm }If a place frees up, you will be registered and told.
    To leave the list: { $cancel }
notice_held_pending = Your request for "{ $title }" ({ $date }) has been received; the team will answer.{ $confirm }To cancel: { $cancel }

## Registrations

notice_confirmed =
    You're in for "{ $title }", { $date }.
    To cancel: { $cancel }
notice_promoted =
    A place freed up: you're in for "{ $title }", { $date }.
    To cancel: { $cancel }
notice_waitlisted =
    "{ $title }" ({ $date }) is full. You are on the waiting list, number { $position }. If a place frees up, you will be registered and told.
    To leave the list: { $cancel }
notice_pending =
    Your request for "{ $title }" ({ $date }) has been received; the team will answer.
    To cancel: { $cancel }
notice_refused = Your registration for "{ $title }" ({ $date }) could not be accepted.
notice_cancelled = Your registration for "{ $title }" ({ $date }) is cancelled. Thank you for telling us.
notice_event_cancelled = "{ $title }", planned for { $date }, is cancelled. We are sorry.
# The organizers' own words follow.
notice_message = About "{ $title }" ({ $date }):

## The same address typed again into the web form

notice_already_waitlisted =
    You were already on the waiting list for "{ $title }" ({ $date }), number { $position }.{ $confirm }
    To leave the list: { $cancel }
notice_already_pending =
    Your request for "{ $title }" ({ $date }) had already been received; the team will answer.{ $confirm }
    To cancel: { $cancel }
notice_already_held =
    You were already registered for "{ $title }" ({ $date }): a place is held for you.{ $confirm }
    To cancel: { $cancel }
notice_already_confirmed =
    You were already registered for "{ $title }" ({ $date }): your place is confirmed, there is nothing else to do.
    To cancel: { $cancel }
notice_already_note = Someone (you, most likely) registered this address again on the website; nothing changed.

## A registration from the fediverse that cannot be taken: $when is the event's date and hours

notice_closed = You cannot register for "{ $title }" ({ $when }): { $why }.
notice_closed_event_past = the event is over
notice_closed_event_cancelled = the event is cancelled
notice_closed_registration_not_open_yet = registration is not open yet
notice_closed_registration_not_offered = this event takes no registrations
notice_closed_registration_closed = registration is closed

## The poll attached to an event on the fediverse (Mastodon users vote to register): $title and
## $when are escaped HTML, $option the answer to vote for

poll_content = Registration for “{ $title }”, { $when }. Vote “{ $option }” to book your place: you will get a direct message with the answer.
poll_content_capacity = Registration for “{ $title }”, { $when } ({ $capacity } places). Vote “{ $option }” to book your place: you will get a direct message with the answer.
