### Words of the campaign pages and mails.

## The list

campaign_title = Newsletters
campaign_new = Write a newsletter
campaign_edit = Edit the newsletter
campaign_lists_link = Lists and subscribers
campaign_archive_link = Newsletters on the website
campaign_none = No newsletter yet. Write the first one!
campaign_date = Date
campaign_status_draft = Draft
campaign_status_scheduled = Scheduled
campaign_status_sending = Being sent
campaign_status_sent = Sent
campaign_status_cancelled = Sending stopped

## The editor

campaign_letter = The newsletter
campaign_subject = Subject
campaign_lists = Send to
campaign_lists_help = Someone on several of these lists gets the newsletter once. Only subscribers who confirmed get it.
campaign_list_public = public
campaign_list_members = current members
campaign_list_private = private
campaign_body = Text (Markdown)
campaign_body_help = **bold**, *italic*, [link](https://…), ## heading, - list. The unsubscribe link is added by itself at the bottom of every mail.
campaign_insert_events = Insert the coming events
campaign_archive = On the website, once sent
campaign_archive_auto = Automatic: published if it goes to a public list
campaign_archive_yes = Yes, publish it in the archive
campaign_archive_no = No, do not publish it
campaign_to_fediverse = Also publish it for our fediverse followers (Mastodon…)
campaign_to_fediverse_help = Once sent, the newsletter also goes out as a public article.
campaign_fediverse_needs_archive = To publish it on the fediverse, the newsletter must also be published on the website.
campaign_preview = Preview
campaign_preview_label = Preview of the mail
campaign_preview_text = Text version (for mail programs without formatting)
campaign_subject_required = Give the newsletter a subject.
campaign_subject_too_long = The subject must fit on one line of at most 200 characters.
campaign_body_required = Write the newsletter's text.
campaign_body_too_long = The text is too long (200,000 characters at most).
campaign_lists_required = Tick at least one list.
campaign_list_unknown = One of the lists no longer exists. Reload the page.
campaign_delete_warning = The draft will be deleted. Nothing has been sent.

## Notices after an action

campaign_done_saved = Newsletter saved.
campaign_done_test_sent = The test is on its way. It arrives within a minute.
campaign_done_scheduled = Scheduled: the newsletter will go out by itself at the chosen time.
campaign_done_unscheduled = Schedule cancelled: the newsletter is a draft again.
campaign_done_events_inserted = The coming events are added at the end of the text. Save to keep them.
campaign_done_resent = It is on its way to those people again.

## Test and sending

campaign_test = Send a test
campaign_test_to = To the address
campaign_test_help = The subject starts with "[Test]". A test is not counted as sent.
campaign_test_send = Send the test
campaign_sending = Send
campaign_saved_version = The saved version is the one that goes out: save your last changes first.
campaign_send_now = Send now
campaign_send_at = Or send on
campaign_send_at_help = The association's date and time.
campaign_schedule = Schedule
campaign_scheduled_for = This newsletter goes out on
campaign_scheduled_locked = To change it, cancel the schedule first.
campaign_unschedule = Cancel the schedule
campaign_time_invalid = Choose a date and time that exist (for example 2026-12-01 09:00).
campaign_time_past = This time has passed: choose one to come, or send now.
campaign_confirm_title = Send the newsletter?
campaign_confirm_lists = Lists:
campaign_confirm_count = people will receive it.
campaign_confirm_warning = Once sent, the newsletter can no longer be changed. Each person gets it once.
campaign_confirm_nobody = Nobody would receive it: none of these lists has a confirmed subscriber.
campaign_confirm_button = Yes, send now

## The report

campaign_started = started
campaign_finished = finished
campaign_see_archive = See it on the website
campaign_counts = Sending figures
campaign_c_recipients = recipients
campaign_c_sent = sent
campaign_c_pending = waiting
campaign_c_failed = failed
campaign_c_bounced = addresses refused
campaign_c_unknown = uncertain
campaign_c_skipped = not sent
campaign_c_unsubscribed = unsubscribed
campaign_c_problems = problems
campaign_unknown_notice = may not have received it: the server stopped while their mail was being sent. It is not sent again by itself, so that nobody ever gets it twice. You can send it to them again; some may then get it twice.
campaign_resend_unknown = Send it to them again
campaign_sending_note = It goes out in small batches, at the pace the host chose. Reload the page to follow.
campaign_stop = Stop sending
campaign_stop_warning = People who have not received it yet will not. It cannot be resumed afterwards.
campaign_recipients = Recipients
campaign_all = All
campaign_r_pending = Waiting
campaign_r_sent = Sent
campaign_r_failed = Failed
campaign_r_bounced = Address refused
campaign_r_unknown = Uncertain
campaign_r_skipped = Not sent
campaign_no_recipients = Nobody in this category.
campaign_sent_at = Sent on
campaign_detail = Detail
campaign_pages = Pages
campaign_previous = Previous
campaign_next = Next
campaign_what_it_said = What the newsletter said

## The public archive

campaign_archive_kicker = Newsletter
campaign_archive_back = All newsletters

## The block of coming events the editor inserts (Markdown around it is added by the code)

events_block_title = Coming events
events_block_empty = Nothing is planned in the coming weeks.
recipient_status_invalid = Unknown status: use pending, sent, failed, bounced, unknown or skipped.
campaign_skip_unsubscribed = Unsubscribed before this mail left
campaign_skip_unreachable = The address bounced, or the person was erased, before this mail left
campaign_skip_no_link = No unsubscribe link for this address
campaign_skip_stopped = The sending was stopped
