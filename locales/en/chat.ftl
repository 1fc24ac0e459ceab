# Notifications to the association's chat (Mattermost), and its slash command.

chat_notifications = Chat notifications
chat_notifications_intro = What happens here can be posted to your Mattermost (or another chat that takes Slack-style incoming webhooks). Each rule posts the kinds you choose to one webhook; a burst becomes one message a minute.
chat_rule_new = New rule
chat_rule_edit = Edit the rule
chat_rule_delete = Delete this rule
chat_rules_none = No rule yet: nothing is posted to the chat.
chat_rule_where = Where
chat_rule_kinds = What it posts
chat_rule_digest = Morning digest
chat_rule_saved = The rule is saved.
chat_rule_deleted = The rule is deleted.
chat_webhook_url = Incoming webhook address
chat_webhook_url_help = In Mattermost: Integrations › Incoming webhooks › Add; copy the address it shows (https://…/hooks/…).
chat_channel = Channel (optional)
chat_channel_help = The channel's name as in its address (town-square); empty: the webhook's own channel.
chat_digest_at = Morning digest at (optional)
chat_digest_at_help = Each day at this time (the association's time zone): the day's events, their places left and the registrations since yesterday. Empty: no digest.
chat_test_send = Send a test message
chat_test_ok = The test message was posted: look in the chat.
chat_test_failed = The test message could not be posted: { $problem }
chat_test_message = Test message from { $site }: notifications reach this channel.
chat_url_not_http = Give an address starting with https:// (or http://).
chat_url_private = This address is on a private network or this machine: give the public address of your chat.
chat_url_unknown_host = This address's server cannot be found: check the address.
chat_channel_invalid = A channel name has only letters, figures, dots, dashes and underscores.
chat_digest_time_invalid = Give a time such as 08:00.
chat_rule_carries_nothing = Choose at least one kind, or a time for the digest.
chat_kind_registration = New registration
chat_kind_waitlist = On the waiting list
chat_kind_cancellation = Cancellation
chat_kind_event_full = Event full
chat_kind_approval = Registration waiting for approval
chat_kind_membership = New member or renewal
chat_kind_newsletter = Newsletter sent (counts and bounces)
chat_kind_follower = New fediverse follower
chat_kind_mention = Reply or mention from the fediverse
chat_kind_job_failed = Background task failed (admins)

chat_group = **{ $n } × { $kind }**
chat_more = … and { $n } more.
chat_registered = { $name } registered for { $event } ({ $confirmed }/{ $capacity }).
chat_registered_open = { $name } registered for { $event } ({ $confirmed } registered).
chat_promoted = { $name } got a seat for { $event } from the waiting list ({ $confirmed }/{ $capacity }).
chat_waitlisted = { $name } is on the waiting list of { $event } (position { $position }).
chat_cancelled = { $name } cancelled for { $event }.
chat_event_full = { $event } is full: { $capacity } places taken.
chat_awaiting_approval = { $name } asks to register for { $event }: waiting for your approval.
chat_member_new = New member: { $name } ({ $category }).
chat_member_renewal = Renewal: { $name } ({ $category }).
chat_newsletter_sent = Newsletter “{ $subject }” sent: { $sent } delivered, { $failed } failed, { $bounced } bounced.
chat_follower = New fediverse follower: { $actor }
chat_mention = { $actor } wrote to the association: “{ $excerpt }” { $url }
chat_job_failed = A background task failed for good: { $kind } (#{ $id }): { $error }. See the background tasks page.

chat_digest_title = **Today, { $day }**
chat_digest_no_event = No event today.
chat_digest_places_left = { $n ->
    [one] 1 place left
   *[other] { $n } places left
}
chat_digest_no_limit = no limit
chat_digest_registered = Registered
chat_digest_places = Places
chat_digest_registrations = { $n ->
    [one] 1 registration since yesterday.
   *[other] { $n } registrations since yesterday.
}

chat_command_title = Slash command
chat_command_how = In Mattermost: Integrations › Slash commands › Add, method POST, with this request address; then paste here the token Mattermost shows.
chat_token = Slash command token
chat_token_help = Kept secret; empty: the command is refused.
chat_token_is_set = A token is saved: the command answers.
chat_token_not_set = No token yet: the command is refused.
chat_token_saved = The token is saved.
chat_token_invalid = A token has no spaces and at most 200 characters.
chat_cmd_wrong_token = This command's token is not the one the site knows.
chat_cmd_failed = Something went wrong; try again in a moment.
chat_cmd_help = Commands: **places** (next events and their places left), **inscrits** *event* (who is registered: for organizers whose account is linked), **lier** *code* (links your account: the code is on your account page), **aide** (this help).
chat_cmd_no_events = No coming event takes registrations.
chat_cmd_places_title = **Next events**
chat_cmd_full = full
chat_cmd_unknown_user = Sorry, I do not know who you are yet: link your account by typing the command shown on your account page (My account) of the site.
chat_cmd_not_allowed = Sorry, your role does not let you see who is registered.
chat_cmd_which_event = Which event? Type part of its title: inscrits yoga
chat_cmd_no_such_event = No coming event has that title.
chat_cmd_registered_title = **{ $event }**: { $n } registered
chat_cmd_waiting = Waiting list ({ $n }): { $names }
chat_cmd_pending = Waiting for approval ({ $n }): { $names }
chat_cmd_linked = Your Mattermost account is now linked to { $email }.
chat_cmd_link_wrong = This code is not right: copy it again from your account page.

chat_link_title = Mattermost
chat_link_done = Your Mattermost account is linked: the slash command knows you.
chat_link_none = Your Mattermost account is not linked yet.
chat_link_how = To let the slash command know you, type this in Mattermost after the command (for instance /asso lier …). Changing your password makes this code useless.
job_kind_chat = Message to the chat
job_kind_chat-digest = Morning digest to the chat
