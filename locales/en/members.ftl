### Words of the members and memberships pages.

## The member lists

member_summary =
    { $current ->
        [one] { $current } member today
       *[other] { $current } members today
    }, { $renew } of them to renew soon.
member_views = Member lists
member_view_current = Members
member_view_renew = To renew
member_view_lapsed = Lapsed
member_categories = Membership categories
member_settings = Period and reminders
member_add_hint = Record a membership: find the person
member_search = Search by name
member_search_button = Search
member_list_empty = Nobody in this list yet.
member_search_empty = Nobody in this list has that name.
member_category = Category
member_until = Until
member_ended_on = Ended on
member_amount = Amount
member_pages = Pages
member_previous = Previous page
member_next = Next page
member_page = Page
member_download = Download as a spreadsheet (LibreOffice, Excel)

## A person's status

member_status_current = Member until { $date }
member_status_renew = Member until { $date }: to renew soon
member_status_lapsed = Membership ended on { $date }
member_status_never = Not a member yet

## Categories

membership_categories_help = The categories offered when a membership is recorded. A category no longer used is deactivated: past memberships keep it.
membership_kind = Kind
membership_kind_fixed = Fixed amount (normal, reduced…)
membership_kind_free = Pay what you want, with a minimum
membership_kind_family = Family (one membership for several people)
membership_from = from
membership_offered = Offered
membership_order = Order
membership_move_up = Move up
membership_move_down = Move down
membership_deactivate = Stop offering
membership_activate = Offer again
membership_new_category = New category
membership_add_category = Add the category
membership_edit_category = Edit the category
membership_category_edit_help = Memberships already recorded keep their amount.
membership_category_amount = Amount (in euros)
membership_category_amount_help = For a fixed amount or a family, for example 25 or 12.50.
membership_category_min = Minimum (in euros)
membership_category_min_help = For pay what you want: the least one may pay (0 for no minimum).
membership_form_has_errors = The form has mistakes: see the messages under the fields.

## Mistakes

membership_amount_invalid = Write an amount in euros, for example 25 or 12.50 (up to €100,000).
membership_category_amount_required = Give this category's amount.
membership_category_kind_invalid = Choose a kind of category.
membership_category_invalid = Choose a category that is offered.
membership_amount_below_minimum = This amount is below the category's minimum.
membership_amount_required = Give the amount paid: this category is pay what you want.
membership_paid_on_required = Give the date of the payment.
membership_paid_on_future = The date of the payment cannot be in the future.
membership_paid_on_invalid = Write a date, for example 2026-09-14.
membership_payment_method_invalid = Choose how the person paid.
membership_people_only_family = Only a family membership covers other people: untick them or choose a family category.
membership_person_invalid = One of the people ticked cannot be covered (the person who pays, an erased record, or more than 20 people).
membership_period_invalid = Choose one of the two ways to count the period.
membership_year_start_invalid = This day does not exist every year: choose another date (not 29 February).
membership_reminders_invalid = Write numbers of days from 1 to 365 separated by commas, five at most, for example 30,7. Leave empty for no reminder.

## Period and reminders

member_period = Period a membership covers
member_period_season = The association's year (season), which starts on the day chosen below
member_period_rolling = Twelve months from the payment
member_year_start = First day of the season
member_year_start_help = For example 1 January for the calendar year, or 1 September for a season like the school year. A membership paid before the previous one ends starts the day after that end.
member_day = Day
member_month = Month
member_reminders = Renewal reminders by mail
member_reminders_before = Days before the membership ends
member_reminders_before_help = For example 30,7: a reminder a month before, another a week before. The largest number also decides who is "to renew".
member_reminders_after = Days after the membership ended
member_reminders_after_help = For example 30: a last reminder a month after. Leave empty for none. Reminders go at 8 am, each only once, and never to someone who has renewed.

## A person's memberships

membership_memberships = Memberships
membership_history = Membership history
membership_none = No membership recorded.
membership_period = Period
membership_paid = Paid
membership_also_covers = Also covers:
membership_covered_by = Covered by the family membership of
membership_add = Record a membership
membership_record = Record the membership
membership_deleted = The membership was deleted.
membership_amount_help = In euros. Leave empty for the category's amount (required for pay what you want).
membership_paid_on = Date of payment
membership_paid_on_help = The membership's period is computed from this date.
membership_payment_method = Payment method
membership_choose = — choose —
membership_method_cash = Cash
membership_method_cheque = Cheque
membership_method_transfer = Bank transfer
membership_method_card = Card
membership_method_helloasso = HelloAsso
membership_method_other = Other
membership_receipt_number = Receipt number
membership_people = Other people covered (family membership)
membership_people_help = Find each person by name or email address, then tick them. They must already have a record in the contacts.
membership_find_person = Name or email address
membership_find = Find
membership_found_nobody = Nobody else matches. Check the spelling, or first create their record in the contacts.
membership_edit = Edit the membership
membership_edit_help = The period is computed again from the date of payment.
membership_delete = Delete this membership
membership_delete_warning = Only for a membership recorded by mistake: it disappears from the history and the lists.
membership_delete_confirm = Yes, delete this membership

## The member's own page

member_me_none = Your account is not linked to a record of the association yet. You can make it from your account (or find it, if the association already has your email address).
member_me_create = Create my record from my account
member_me_created = Your record is linked to your account.
member_me_taken = The record of your email address is already linked to another account. Ask the association's team to check.
member_me_details = My details
member_me_erased = This record was erased at your request.
member_me_email_help = the address of your account
member_first_name = First name
member_last_name = Last name
member_phone = Phone
member_address = Address
member_postal_code = Postal code
member_city = City
member_country = Country
member_birth_date = Date of birth
member_mail_language = Language of the association's mails
member_me_consents = My consents
member_consent_newsletter = I agree to receive the newsletter
member_consent_photos = I agree to appear in photos the association publishes
member_consents_help = You can change your mind at any time; each choice is noted with its date.
member_consents_save = Save my choices
member_me_registrations = My registrations
member_me_no_registrations = No event registration with your email address.
member_me_history = History of my record
member_log_created = Record created
member_log_edited = Record edited
member_log_merged = Duplicate records merged
member_log_account_linked = Account linked
member_log_consent = Consent recorded
member_log_membership = Membership
member_log_subscribed = Subscribed to a newsletter
member_log_unsubscribed = Unsubscribed from a newsletter
member_log_bounced = Email address refused by the mail server
member_log_reminded = Renewal reminder sent
member_log_imported = Imported from a file
member_log_exported = Data exported
member_log_anonymized = Record erased

## Renewal reminders, by mail: $name is the association's, $date the membership's end

reminder_subject_ends = Your membership of { $name } ends on { $date }
reminder_subject_ended = Your membership of { $name } ended on { $date }
# $hello is the greeting, $news the subject above, $base the site's address.
reminder_mail =
    { $hello }

    { $news }.

    To renew it: { $base }
    or ask one of the volunteers next time you come by.

    If you have already renewed, thank you, and please ignore this mail.

    { $name }
