### The words of accounts hardening: invitations by mail, and the public forms' limit.

invite_title = Choose your password
invite_help = The person gets a link, valid for 7 days, to choose their own password.
invite_send = Invite by email
invite_sent = Invitation sent.
invite_pending = Pending invitations
invite_expires = Valid until
invitation_invalid = This invitation link has already been used or has expired. Ask whoever manages the accounts for a new invitation.
form_limit_title = Too many submissions
form_limit_reached = Too many forms were sent from your connection within an hour. Try again a little later.
