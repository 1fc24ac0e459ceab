### What goes wrong, as the error page and the API say it. The log keeps the English words.

## The server

error_server_page = Something went wrong on the server. Try again in a moment; if it happens again, tell whoever runs the server.
error_server_api = something went wrong on the server; the operator will find the details in the log
error_unauthorized = Log in to open this page.
error_invalid = What was sent has mistakes:

## Changes that a record's state refuses

error_record_anonymized = This record was anonymized: it can no longer be changed.
error_record_other_account = The record of this address belongs to another account.
error_event_has_registrations =
    { $n ->
        [one] { $n } person is registered: cancel the event first, which tells them.
       *[other] { $n } people are registered: cancel the event first, which tells them.
    }
error_approve_not_pending = Only a registration waiting for approval can be approved.
error_list_used = Campaigns use this list: it cannot be deleted.
error_campaign_scheduled = This campaign is scheduled: cancel its schedule to change it.
error_campaign_sent = This campaign has been sent (or is being sent): it can no longer be changed.
error_campaign_not_scheduled = This campaign is not scheduled.
error_campaign_started = This campaign has already started.
error_campaign_already_sent = This campaign has already been sent, or is being sent.
error_campaign_not_sending = This campaign is not being sent.

## Requests that cannot be read: $detail is what the reading code said, in English

error_form_too_large = The form is too large.
error_form_unreadable = The form could not be read: { $detail }
error_upload_unreadable = The upload could not be read: { $detail }
error_file_unreadable = The file could not be read: { $detail }
error_body_unreadable = The body could not be read: { $detail }
error_request_rejected = { $detail }
error_body_not_json = send the body as application/json
error_body_not_csv = send the body as text/csv
error_import_refused_api = nothing was imported: fix these lines and send the whole file again
error_page_from_1 = Pages start at 1.
error_page_number = page: a number from 1.
error_member_view = view: one of current, renew, lapsed.
error_job_status_unknown = Unknown status `{ $status }`: use pending, running, done or failed.
error_whole_number = `{ $name }` must be a whole number.
error_direction = direction: up or down.
error_upload_cut = The upload stopped before the end: nothing was kept, send the file again.
error_file_over_limit = The file is over { $max } MB.
