### Words of imports, exports and privacy pages.

## Import: the upload

import_title = Import contacts
import_intro = Send a CSV file (10 MB at most): you will see its first lines and choose what each column holds before anything is saved. If a single line has a mistake, nothing is imported: you fix the file and start again.
import_file = CSV file
import_send = Show the preview
import_how_to_save = From Excel: File › Save As › "CSV UTF-8 (Comma delimited)". From LibreOffice: File › Save As › "Text CSV", character set "Unicode (UTF-8)".
import_file_binary = This file is not a CSV file (perhaps an .xlsx or .ods workbook, or an image). Save it as CSV: from Excel, File › Save As › "CSV UTF-8 (Comma delimited)"; from LibreOffice, File › Save As › "Text CSV", character set "Unicode (UTF-8)".
import_file_encoding = The characters of this file cannot be read: it is neither UTF-8 nor Windows-1252. Save it again as "CSV UTF-8": from Excel, File › Save As › "CSV UTF-8 (Comma delimited)"; from LibreOffice, File › Save As › "Text CSV", character set "Unicode (UTF-8)".
import_file_empty = This file is empty: it needs at least a header line and one contact line.
import_file_too_large = This file is larger than 10 MB: split it into several files.
import_file_required = Choose a CSV file.

## Import: the preview

import_preview_title = Import preview
import_read_as_utf8 = File read as UTF-8.
import_read_as_windows1252 = File read as Windows-1252 (Excel): check that the accents (é, è, ç…) show correctly below. If not, save the file as "CSV UTF-8" and start again.
import_read_as_utf16 = File read as UTF-16.
import_delimiter = Column separator
import_delimiter_tab = tab
import_lines_count = contact lines in the file
import_first_lines = The first 10 lines
import_line = Line
import_column_holds = Column holds
import_mapping_help = For each column, choose what it holds, or "do not import".
import_target_ignore = — do not import —
import_target_first_name = First name
import_target_last_name = Last name
import_target_email = Email address
import_target_phone = Phone
import_target_address = Address
import_target_postal_code = Postal code
import_target_city = City
import_target_country = Country
import_target_birth_date = Birth date
import_target_notes = Notes
import_target_lang = Language (fr/en)
import_target_tags = Tags (comma-separated)
import_target_newsletter = Newsletter consent (yes/no)
import_target_field = Field
import_existing = When a line's email address is already in the base
import_existing_update = complete the existing record: fill only what is empty there (nothing is replaced)
import_existing_leave = leave the existing record as it is
import_go = Import
import_start_again = Send another file
import_refused = Nothing was imported: fix these mistakes in the file, then send it again (or change the choice of columns).
import_errors_count = mistakes

## Import: done

import_done_title = Import done
import_created = created
import_updated = updated
import_unchanged = left unchanged
import_see_contacts = See the contacts

## Import: the mistakes of a line ({0}, {1}... are filled in)

import_err_field_count = this line has { $arg0 } columns instead of { $arg1 } (a separator too many or missing?).
import_err_email = the email address "{ $arg0 }" is not valid.
import_err_date = the date "{ $arg0 }" is not understood: write it 31/12/1990 (DD/MM/YYYY) or 1990-12-31 (YYYY-MM-DD); two-digit years are not accepted.
import_err_field_date = column "{ $arg0 }": the date "{ $arg1 }" is not understood: write it 31/12/1990 (DD/MM/YYYY) or 1990-12-31 (YYYY-MM-DD).
import_err_birth_date = the birth date "{ $arg0 }" is in the future or before 1900.
import_err_no_name = neither a name nor an email address on this line.
import_err_duplicate = the address { $arg0 } is already on line { $arg1 } of the file: keep only one of these two lines.
import_err_no_name_column = no column holds a name or an email address: choose at least one column as "First name", "Last name" or "Email address".
import_err_column_twice = the columns "{ $arg0 }" and "{ $arg1 }" hold the same thing: keep one and set the other to "do not import".
import_err_unknown_column = the column "{ $arg0 }" is not known: use first_name, last_name, email, phone, address, postal_code, city, country, birth_date, notes, lang, tags, newsletter or a custom field's key.
import_err_mapping_incomplete = the choice of columns is incomplete: choose what each column holds.
import_err_too_long = "{ $arg0 }" is too long.
import_err_lang = the language "{ $arg0 }" is not known: write fr or en.
import_err_consent = "{ $arg0 }" is not understood for the newsletter consent: write yes, no, 1, 0 or x (or oui, non).
import_err_number = column "{ $arg0 }": "{ $arg1 }" is not a number.
import_err_choice = column "{ $arg0 }": "{ $arg1 }" is not one of the choices ({ $arg2 }).
import_err_invalid = the value of "{ $arg0 }" is not valid.

## Exports

export_contacts = Export the contacts (CSV)
export_members = Export the members (CSV)
export_col_first_name = First name
export_col_last_name = Last name
export_col_email = Email
export_col_phone = Phone
export_col_address = Address
export_col_postal_code = Postal code
export_col_city = City
export_col_country = Country
export_col_birth_date = Birth date
export_col_notes = Notes
export_col_lang = Language
export_col_created = Created on
export_col_newsletter = Newsletter consent
export_col_photos = Photos consent
export_col_tags = Tags
export_col_name = Name
export_col_category = Category
export_col_amount = Amount (€)
export_col_paid_on = Paid on
export_col_from = From
export_col_until = Until
export_col_method = Payment method
export_col_receipt = Receipt number
export_yes = yes
export_no = no

## Privacy: a person

privacy_export_person = Download all their data (JSON)
privacy_anonymize_title = Erase this person
privacy_anonymize_intro = Erasure (the right to be forgotten) makes the record anonymous. It cannot be undone.
privacy_what_goes = What is erased
privacy_goes_details = the name, email address, phone, postal address, birth date, notes and the link to a login account;
privacy_goes_extra = custom fields, tags, newsletter subscriptions and merged records;
privacy_goes_traces = their name and address in event registrations and newsletter sendings; the details of their history.
privacy_what_stays = What stays
privacy_stays_memberships = memberships, with their amounts, dates and receipt numbers: the books must keep them ten years. They stay attached to the anonymous record;
privacy_stays_consents = the dates and kinds of consents given or withdrawn, with nothing that names the person; the counts of events and sendings.
privacy_account_note = A linked login account is only unlinked: delete it in "Accounts" if needed.
privacy_backups_note = Backups already made cannot be changed: they go when they expire.
privacy_anonymize_go = Erase for good
privacy_anonymized_done = This record is anonymous.
privacy_anonymized_name = Erased person
privacy_anonymized_on = Erased on

## Privacy: the retention review

privacy_title = Personal data
privacy_retention_title = Inactive people to review
privacy_retention_intro = These people have given no sign of life (edit, membership, registration, subscription) for more than
privacy_months = months
privacy_retention_rule = and have no current membership. The law asks not to keep their data longer than needed: erase those the association no longer needs.
privacy_last_activity = Last sign of life
privacy_select = Select
privacy_anonymize_selected = Erase the people ticked…
privacy_nobody = Nobody has been inactive for longer than the retention period.
privacy_confirm_title = Confirm the erasure
privacy_confirm_intro = These people will be erased (made anonymous). This cannot be undone.
privacy_none_selected = Tick at least one person.
privacy_erased_count = people erased.
privacy_retention_setting = Retention period (months without a sign of life)
privacy_months_invalid = A number of months from 1 to 240.
privacy_setting_saved = Period saved.

## Privacy: the consent log

privacy_consents_title = Consent log
privacy_consents_intro = Every consent given or withdrawn, with its date and how: the proof the law asks for. Lines are never changed.
privacy_consent_when = Date
privacy_consent_person = Person
privacy_consent_kind = For
privacy_consent_given = Answer
privacy_consent_source = How
privacy_consent_yes = given
privacy_consent_no = withdrawn
privacy_kind_newsletter = newsletter
privacy_kind_photos = photos
privacy_download_csv = Download (CSV)
privacy_no_consents = No consent recorded.
privacy_previous = ← Newer
privacy_next = Older →
privacy_page = Page

## Where a consent came from, when the site wrote it itself ($how is one of these, or a
## subscription's origin below)

consent_source_own_page = their own page
consent_source_import = import of { $file } by { $name }
consent_source_confirmed = { $how } on { $when }, confirmed by the link
consent_source_unsubscribe_link = unsubscribe link
consent_source_unsubscribe_campaign = unsubscribe link (campaign { $id })
consent_source_asked_team = asked the team
consent_source_list = { $how }, list { $list }

## Where a subscription came from

subscription_source_dashboard = dashboard
subscription_source_api = API
subscription_source_membership = membership
subscription_source_form = form { $url }

## Lines of a person's history: $what is the membership (number, category, period, amount)

history_membership_added = added { $what }
history_membership_edited = edited { $what }
history_membership_deleted = deleted { $what }
history_membership_covered = covered by #{ $membership } of #{ $payer }
history_subscribed_members_list = membership: members' list
