### The words of held registrations: the page after the form, the confirm link's page, the event form's settings (`events::holds`).

registered_held = Your place is held: confirm it from the mail we sent you.
registered_held_waitlisted = It's full: your place on the waiting list is held. Confirm it from the mail we sent you; it also tells you your number.
registered_held_pending = Your request has been received: confirm your address from the mail we sent you. The team will then answer.
held_explained = Without a confirmation within the time the mail gives, the place goes to someone else.
mail_sent_to_held = The mail is on its way to
confirm_registration = Confirm the registration
confirm_question = Do you confirm this registration? Without a confirmation the place is released on
confirm_button = Yes, I confirm
confirm_done = Confirmed: the place is yours. The mail you got holds the link to cancel if you can no longer come.
confirm_done_waiting = Confirmed: you keep your place on the waiting list. If a place frees up, you will be registered and told by email.
confirm_already = This registration is already confirmed: there is nothing else to do.
confirm_released = Too late: without a confirmation in time, the place was released. You can register again if places are left.
confirm_inactive = This registration was cancelled: there is nothing to confirm.
confirm_link_invalid = This confirmation link is not valid. Use the exact link from your email; nothing was changed.
registration_closed_started = The event has started: online registration is closed.
hold_registrations = Hold website registrations until the person confirms them by email
hold_minutes = Time to confirm (minutes)
hold_minutes_help = 120 = 2 hours. Never past the start of the event. A place not confirmed in time goes to the next person waiting.
hold_minutes_invalid = Between 5 and 10080 minutes (a week).
image_invalid = Choose an image uploaded to this site's media.
reg_expired = Not confirmed, released
reg_awaits = address to confirm
