### The background tasks as an admin sees them (the jobs page): what each kind does and where
### it stands.

## The page

job_kind = Task
# Before a count: "Pending: 3"
job_count = { $status }:
job_filter_all = all
job_filter_failed = failed
job_filter_pending = pending

## Statuses

job_status_pending = Pending
job_status_running = Running
job_status_done = Done
job_status_failed = Failed

## Kinds

job_kind_mail = Sending a mail
job_kind_publish = Publishing to the fediverse
job_kind_rsvp-notice = Answering a fediverse registration
job_kind_event-counts = Updating an event's places
job_kind_registration-hold = End of a held place
job_kind_deliver = Delivery to a fediverse server
job_kind_membership-reminders = Renewal reminders
job_kind_campaign_start = Start of a newsletter's sending
job_kind_campaign_batch = Sending a newsletter (in batches)
