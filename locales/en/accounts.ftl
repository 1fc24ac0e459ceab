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

## Mails: $site is the association's name, $link the one-time link, $hello the greeting

reset_mail_subject = { $site }: choose a new password
reset_mail_text =
    { $hello }

    To choose a new password, open this link (valid for one hour):

    { $link }

    If you did not ask for this, ignore this message: your password does not change.
invitation_mail_subject = { $site }: your account is waiting
invitation_mail_text =
    { $hello }

    An account has been prepared for you on the site of { $site }. To choose your password and open it, follow this link (valid for 7 days, once):

    { $link }

    If you did not expect this message, ignore it: no account will be created.

## Roles

role_admin = Admin
role_editor = Editor
role_organizer = Organizer
role_treasurer = Treasurer
role_member = Member
