### Words of the newsletter subscription pages and mails, and of the lists in the dashboard.

## The public pages

nl_sub_title = Newsletter
nl_sub_intro = Get the venue's news and the programme of events by email. No advertising, and your address is never passed on.
nl_sub_what_you_get = By subscribing you agree to receive this newsletter. You will first get an email to confirm: nothing is sent to you without that confirmation. Every newsletter has a link to unsubscribe in one click.
nl_sub_name_optional = Your name (optional)
nl_sub_lists = What you want to receive
nl_sub_button = Subscribe
nl_sub_honeypot = Leave this field empty
nl_sub_choose_list = Tick at least one newsletter.
nl_sub_list_invalid = This newsletter is not open for subscription.
nl_sub_archive = Past newsletters
nl_sub_archive_empty = No newsletter has been sent yet.
nl_sub_closed = Subscriptions to the newsletter are not open at the moment.
nl_sub_check_title = Check your mailbox
nl_sub_check_text = If the address is right, a confirmation email has just been sent to it. Open the link it contains to confirm your subscription. Have a look in your spam folder too.
nl_sub_check_nothing_else = Until you confirm, we will send you nothing. The link works for 7 days.
nl_sub_back = Back to the newsletter
nl_sub_confirm_title = Confirm the subscription
nl_sub_confirm_question = Do you confirm that you want to receive:
nl_sub_confirm_button = Confirm
nl_sub_confirmed = Confirmed: you are subscribed. Thank you!
nl_sub_leave_any_time = You can leave at any time, in one click, from every newsletter or with this link:
nl_sub_unsubscribe_from = Unsubscribe from
nl_sub_already_confirmed = This subscription is already confirmed: there is nothing more to do.
nl_sub_expired = This confirmation link has expired (it works for 7 days). Nothing was changed. Subscribe again to get a new link.
nl_sub_link_unknown = This link is not valid: it is incomplete, or a newer link replaced it. Look at the latest email you received, or subscribe again.
nl_sub_subscribe_again = Subscribe again
nl_sub_unsubscribe_title = Unsubscribe
nl_sub_unsubscribe_question = Stop receiving this newsletter at
nl_sub_unsubscribe_button = Unsubscribe me
nl_sub_unsubscribed = Done: you will not receive this newsletter any more.
nl_sub_already_unsubscribed = You are already unsubscribed: you no longer receive this newsletter.
nl_sub_unsubscribe_unknown = This unsubscribe link is not valid. If it comes from one of our newsletters it may have been cut: copy all of it, or write to us.
nl_sub_changed_mind = Changed your mind? You can subscribe again whenever you like.

## Lists in the dashboard

list_lists = Mailing lists
list_new = New list
list_edit = Edit the list
list_name = Name of the list
list_slug = Identifier (in addresses)
list_slug_help = Left empty, it is made from the name. Lowercase letters without accents, digits and hyphens.
list_description = Description
list_description_help = Shown on the subscribe form for a public list.
list_kind = Kind of list
list_kind_public = Public: anyone subscribes on the website and confirms by email
list_kind_private = Private: the team adds people to it
list_kind_members = Members: members with a current membership are on it by their membership
list_kind_public_short = public
list_kind_private_short = private
list_kind_members_short = members
list_kind_invalid = Choose a kind of list.
list_slug_taken = Another list already uses this identifier.
list_confirmed = Confirmed
list_pending = Waiting for confirmation
list_unsubscribed = Unsubscribed
list_status_confirmed = confirmed
list_status_pending = waiting
list_status_unsubscribed = unsubscribed
list_all_statuses = All
list_subscribers = Subscribers
list_search = Search (name or address)
list_filter = Filter
list_no_subscribers = Nobody here yet.
list_source = Source
list_since = Since
list_bounced = address refused
list_add_someone = Add someone
list_add_name = Name (optional)
list_add_how = How?
list_add_by_mail = Send a confirmation email (the person confirms themselves)
list_add_consent_given = Agreement given otherwise (paper form, in person…): subscribe at once
list_consent_source = Where and when they agreed
list_consent_source_help = For example: paper membership form of 12/09/2026. It is the proof of consent.
nl_sub_consent_source_required = Say where and when the person agreed.
list_add_button = Add
list_added_confirmed = Added to the list.
list_added_confirmation_sent = A confirmation email has been sent; the person shows as confirmed after their click.
list_added_confirmation_sent_recently = A confirmation email went to this address less than 10 minutes ago; no other is sent for now.
list_added_already_confirmed = This person is already on the list.
list_unsubscribe = Unsubscribe
list_unsubscribed_notice = The person is unsubscribed.
list_saved = The list is saved.
list_deleted = The list is deleted.
list_delete = Delete the list
list_delete_warning = The subscriptions to this list will be erased (the consent log stays).
list_delete_refused = Newsletters use this list: it cannot be deleted.
list_embed = Put the form on another website
list_embed_help = Copy one of these snippets into a page of another website (a blog, a partner's site). People who subscribe there confirm by email as they do here.
list_embed_iframe = In a frame (the simplest)
list_embed_form = As a plain HTML form (takes the other site's style)
list_export = Export as CSV
list_campaigns = Newsletters
list_page = Page
list_previous = Previous
list_next = Next
list_found = found
list_see_public_form = See the public form
list_csv_first_name = First name
list_csv_last_name = Last name
list_csv_subscribed_at = Subscribed on
list_csv_confirmed_at = Confirmed on
list_csv_unsubscribed_at = Unsubscribed on

## The confirmation mail: $site is the association's name, $lists the lists asked for

sub_mail_subject = Confirm your subscription
sub_mail_asked = You asked to receive { $lists } from { $site }.
sub_mail_list_name = "{ $name }"
sub_mail_how = To confirm, open this link and press the "Confirm" button:
sub_mail_button = Confirm my subscription
sub_mail_valid =
    { $days ->
        [one] The link works for { $days } day.
       *[other] The link works for { $days } days.
    } Until you confirm, we will send you nothing else.
sub_mail_unsubscribe = You can unsubscribe at any time, in one click, from every newsletter.
sub_mail_not_you = If you did not ask for this, just ignore this message: you will receive nothing.

## A campaign's mail, around the newsletter itself

campaign_mail_read_online = Read it on the website
campaign_mail_read_online_at = Read it on the website: { $url }
campaign_mail_why = You receive this newsletter because you subscribed to the news of { $site }.
campaign_mail_unsubscribe = Unsubscribe in one click
campaign_mail_unsubscribe_at = Unsubscribe in one click: { $url }
