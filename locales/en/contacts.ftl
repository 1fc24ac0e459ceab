### Words of the contacts pages.

contact_export_csv = Download as a spreadsheet

## Field errors of a contact (keys used by `members::contacts`)

name_or_email_required = Give at least a name or an email address.
birth_date_invalid = This birth date is not valid (day/month/year, after 1900 and not in the future).
lang_invalid = Choose French or English.
account_already_linked = This account is already linked to another record. Unlink it from that one first.
contact_account_unknown = This account does not exist.

## Custom fields: mistakes

contact_field_number_invalid = This is not a number (for example 12 or 3.5).
contact_field_date_invalid = This is not a date (day/month/year).
contact_field_choice_invalid = Choose one of the values offered.
contact_field_unknown = This custom field does not exist (any more).
contact_field_key_invalid = The code may only hold lower-case letters without accents, digits and "_" (40 at most).
contact_field_key_taken = Another field already has this code.
contact_field_kind_invalid = Choose a type: text, number, date or list of choices.
contact_field_choices_required = A list of choices needs at least one choice (one per line).
contact_field_position_invalid = The position is a whole number (1, 2, 3…).

## Tags and groups: mistakes

contact_tag_name_taken = A tag or group already has this name.
contact_tag_kind_invalid = Choose "tag" or "group".
contact_tag_unknown = This tag or group does not exist (any more).
contact_merge_same = A record cannot be merged with itself.
contact_consent_kind_invalid = Choose what the person consents to.
contact_bulk_none_selected = Tick at least one contact in the list, and choose a tag.

## The list

contact_list_title = Contacts
contact_search = Search
contact_search_help = A name (accents and capitals do not matter), an email address, a phone number or a town.
contact_filter_tag = Tag
contact_filter_group = Group
contact_any = Any
contact_has_email = Has an email address
contact_bounced = Email address bounced
contact_newsletter_consent = Agreed to the newsletter
contact_apply_filters = Filter
contact_clear_filters = Show all
contact_total =
    { $n ->
        [one] { $n } contact found
       *[other] { $n } contacts found
    }
contact_none_found = No contact matches this search.
contact_pages = Pages
contact_prev = ← Previous
contact_next = Next →
contact_tick = Tick
contact_bulk_tag = Add this tag to the ticked contacts
contact_bulk_done =
    { $n ->
        [one] Tag added to { $n } contact.
       *[other] Tag added to { $n } contacts.
    }
contact_new = New contact
contact_anonymized = Anonymized
contact_no_name = (no name)

## The details

contact_first_name = First name
contact_last_name = Last name
contact_phone = Phone
contact_address = Address
contact_postal_code = Postal code
contact_city = Town
contact_country = Country
contact_birth_date = Birth date
contact_notes = Notes
contact_lang = Language of the emails
contact_lang_fr = French
contact_lang_en = English
contact_details = Details
contact_source = Came from
contact_created_at = Record created on
contact_source_dashboard = typed in the dashboard
contact_source_import = file import
contact_source_newsletter = newsletter form
contact_source_helloasso = HelloAsso
contact_source_api = API
contact_bounced_since = Mail to this address has been refused since
contact_anonymized_notice = This record was anonymized (GDPR erasure); it can no longer be edited. Date:

## The contact's page: sections

contact_custom_fields = Other information
contact_tags_groups = Tags and groups
contact_no_tags = No tag or group.
contact_add_tag = Add
contact_choose = Choose…
contact_consents = Consents
contact_consent_newsletter = Newsletter
contact_consent_photos = Photos
contact_consent_given = given
contact_consent_withdrawn = withdrawn
contact_consent_never = never asked
contact_consent_log = The whole consent log
contact_consent_none = No consent recorded.
contact_consent_record = Record a consent
contact_consent_kind = For
contact_consent_answer = Answer
contact_consent_give = The person agrees
contact_consent_withdraw = The person withdraws
contact_consent_source = How (for example "paper form", "on the phone")
contact_consent_when = Date
contact_consent_by = Recorded by
contact_subscriptions = Newsletters
contact_no_subscriptions = Not on any list.
contact_sub_pending = waiting for confirmation
contact_sub_confirmed = subscribed
contact_sub_unsubscribed = unsubscribed
contact_memberships = Memberships
contact_export = Download this person's data
contact_anonymize = Erase (anonymize)
contact_history = History
contact_history_empty = Nothing yet.
contact_history_created = Record created
contact_history_edited = Record edited
contact_history_merged = Merged with record
contact_history_account_linked = Login account linked
contact_history_account_unlinked = Login account unlinked
contact_history_consent = Consent
contact_history_membership = Membership
contact_history_subscribed = Subscribed to a newsletter
contact_history_unsubscribed = Unsubscribed from a newsletter
contact_history_bounced = Email address refused
contact_history_reminded = Renewal reminder sent
contact_history_imported = Imported
contact_history_exported = Data exported
contact_history_anonymized = Record anonymized
contact_by = by
contact_account = Login account
contact_account_none = No login account is linked to this person.
contact_account_linked_to = Linked to the account
contact_account_choose = Account to link
contact_account_link = Link this account
contact_account_unlink = Unlink

## Custom field definitions

contact_fields_title = Custom fields
contact_fields_intro = Extra information kept for every contact. Only admins define them.
contact_fields_none = No custom field.
contact_field_new = New field
contact_field_edit = Edit the field
contact_field_key = Code
contact_field_key_help = For imports and the API: lower case, digits and "_", for example tshirt_size.
contact_field_label = Label
contact_field_kind = Type
contact_field_kind_text = Text
contact_field_kind_number = Number
contact_field_kind_date = Date
contact_field_kind_choice = List of choices
contact_field_choices = Choices (one per line)
contact_field_position = Position
contact_field_delete_warning = Deleting this field erases its value on every record.

## Tags and groups

contact_tags_title = Tags and groups
contact_tags_intro = A tag sorts contacts ("volunteer", "donor 2025"); a group gathers a team or a committee.
contact_tags_none = No tag or group.
contact_tag_new = New tag or group
contact_tag_edit = Edit
contact_tag_kind = Kind
contact_tag_kind_tag = Tag
contact_tag_kind_group = Group
contact_tag_description = Description
contact_tag_count = Contacts
contact_tag_delete_warning = Deleting it takes it off every record; the records stay.

## Duplicates and merging

contact_duplicates_title = Duplicates
contact_duplicates_intro = Records with the same email address, or the same name once accents, capitals and spaces are set aside.
contact_duplicates_none = No duplicates found.
contact_dup_same_email = Same email address
contact_dup_same_name = Same name
contact_merge = Merge
contact_merge_into = Merge into the first record
contact_merge_title = Merge two records
contact_merge_kept = Record kept
contact_merge_removed = Record merged, then removed
contact_merge_explain = Everything goes to the kept record: memberships, consents, history, tags, newsletter subscriptions, login account. Its empty boxes take the other's values; the notes are put together. An unsubscription is always respected. The merged record is then removed; a copy of it is kept in the history.
contact_merge_swap = Keep the other record instead
contact_merge_confirm = Merge the two records
contact_merged = The two records were merged.
contact_merge_memberships = Memberships
contact_merge_consents = Consent lines
contact_merge_history = History lines
